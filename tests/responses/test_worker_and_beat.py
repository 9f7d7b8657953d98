"""With a real Celery worker and beat on the configured broker (the filesystem transport by
default, Redis in CI's second pass), an overdue thread gets flagged without the test
calling any task."""

import threading

import pytest
from celery.beat import EmbeddedService
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun

from config.celery import app
from forum.models import Thread
from responses.tasks import mark_overdue_threads_task

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def test_beat_and_a_worker_flag_a_thread_older_than_its_lag(broker, asked, tmp_path):
    thread = asked(61)
    flagged = threading.Event()

    def after_task(sender=None, **kwargs):
        # Runs in the worker's thread after each task: wake the test once the flag is in.
        is_flag_task = getattr(sender, "name", "") == mark_overdue_threads_task.name
        if is_flag_task and Thread.objects.filter(pk=thread.pk, response_state__overdue_at__isnull=False).exists():
            flagged.set()

    task_postrun.connect(after_task, weak=False)
    beat = EmbeddedService(app, max_interval=1, thread=True, schedule_filename=str(tmp_path / "beat-schedule"))
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            beat.start()
            assert flagged.wait(timeout=60), "beat and the worker did not flag the thread within a minute"
    finally:
        beat.stop()
        task_postrun.disconnect(after_task)
    thread.refresh_from_db()
    assert thread.response_state.overdue_at is not None
