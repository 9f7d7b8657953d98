"""Celery adapters for announcements: thin, one action each."""

from celery import shared_task
from django.utils import timezone

from announcements import actions


@shared_task(acks_late=True, ignore_result=True)
def expire_pins_and_banners_task() -> None:
    """Beat's every minute: write the end of pins and banners whose time has run out, so that
    kept pages drop them (idempotent: tests/announcements/test_expiry.py)."""
    actions.expire_pins_and_banners(now=timezone.now())
