"""Celery adapters: ids in, one action out."""

from celery import shared_task

from webhooks import actions


# acks_late is safe: a delivery is claimed before it is sent, so a redelivered task finds it
# claimed or done (tests/webhooks/test_delivery.py).
@shared_task(acks_late=True, ignore_result=True)
def deliver_task(delivery_id: int) -> None:
    actions.deliver(delivery_id=delivery_id)


@shared_task(acks_late=True, ignore_result=True)
def deliver_due_webhooks_task() -> None:
    # Beat's sweep: retries that are due, and deliveries whose task never reached the broker.
    actions.deliver_due()
