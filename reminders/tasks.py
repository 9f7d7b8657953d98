"""Celery adapters for reminders and digests (the helpers fill these in)."""

from celery import shared_task


@shared_task(acks_late=True, ignore_result=True)
def remind_askers_to_accept_task() -> None:
    """Placeholder until reminders exist."""


@shared_task(acks_late=True, ignore_result=True)
def send_weekly_digests_task() -> None:
    """Placeholder until digests exist."""
