"""Celery adapters: ids in, one action out."""

from celery import shared_task

from forum import actions


@shared_task(acks_late=True, ignore_result=True)
def send_notification_emails(notification_ids: list[int]) -> None:
    # Idempotent: each notification is claimed (emailed_at) before its email is sent.
    actions.send_notification_emails(notification_ids=notification_ids)
