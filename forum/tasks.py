"""Celery adapters: ids in, one action out."""

from celery import shared_task
from django.db import InterfaceError, OperationalError

from forum import notifications

EMAIL_RETRIES = 5
# The database unreachable (restarted, failed over): the task tries again 5, 10, 20, 40 and
# 80 s later rather than failing, since a failed task is acked and its emails would wait for
# beat's sweep (bench.faults db-restart-load found 927 of 4,200 waiting so).
DATABASE_DOWN = (OperationalError, InterfaceError)


@shared_task(
    bind=True,
    acks_late=True,
    ignore_result=True,
    max_retries=EMAIL_RETRIES,
    autoretry_for=DATABASE_DOWN,
    retry_backoff=5,
    retry_jitter=False,
)
def send_notification_emails(self, notification_ids: list[int]) -> None:
    # Idempotent: each notification is claimed (emailed_at) before its email is sent, and a
    # failed one is released, then retried on its own with growing pauses.
    run = notifications.send_notification_emails(notification_ids=notification_ids)
    if run.failed and self.request.retries < EMAIL_RETRIES:
        raise self.retry(args=[run.failed], countdown=60 * 2**self.request.retries)


@shared_task(acks_late=True, ignore_result=True)
def send_unsent_notification_emails() -> None:
    # Beat's sweep for emails whose own task never reached the broker (it was down).
    notifications.send_unsent_emails()
