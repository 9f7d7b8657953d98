"""Celery adapters for closing the loop: each calls one action."""

from celery import shared_task
from django.utils import timezone

from reminders import actions


# acks_late is safe: both actions are idempotent (tests/reminders/test_accept_reminders.py,
# tests/reminders/test_weekly_digest.py): a task run twice reminds and emails once.
@shared_task(acks_late=True, ignore_result=True)
def remind_askers_to_accept_task() -> None:
    actions.remind_askers_to_accept(now=timezone.now())


@shared_task(acks_late=True, ignore_result=True)
def send_weekly_digests_task() -> None:
    actions.send_weekly_digests(now=timezone.now())
