"""Celery adapters for announcements (the helpers fill these in)."""

from celery import shared_task


@shared_task(acks_late=True, ignore_result=True)
def expire_pins_and_banners_task() -> None:
    """Placeholder until pins and banners exist."""
