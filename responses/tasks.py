"""Celery adapters for the response-time engine: each calls one action."""

from celery import shared_task
from django.utils import timezone

from responses import jobs, spikes


# acks_late is safe: the jobs are idempotent (tests/responses/test_overdue.py).
@shared_task(acks_late=True, ignore_result=True)
def mark_overdue_threads_task() -> None:
    jobs.mark_overdue_threads(now=timezone.now())


@shared_task(acks_late=True, ignore_result=True)
def escalate_overdue_threads_task() -> None:
    jobs.escalate_overdue_threads(now=timezone.now())


@shared_task(acks_late=True, ignore_result=True)
def offer_unclaimed_threads_task() -> None:
    jobs.offer_unclaimed_threads(now=timezone.now())


@shared_task(acks_late=True, ignore_result=True)
def end_spikes_task() -> None:
    spikes.end_spikes(now=timezone.now())


@shared_task(acks_late=True, ignore_result=True)
def refresh_askers_standing_task() -> None:
    jobs.refresh_askers_standing()
