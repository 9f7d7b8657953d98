"""A real Celery worker consumes from the configured broker: the filesystem transport by
default, Redis in CI's second pass. Whatever it or beat writes stays out of the working tree."""

import threading
from pathlib import Path

import pytest
from celery.beat import EmbeddedService
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun
from django.conf import settings

from config.celery import app, ping

PROJECT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _empty_queue(broker):
    """Each test's worker starts on an empty queue, and leaves it empty: a periodic task beat
    sent in an earlier test, run by this test's worker while the test writes, would race it
    (on the in-memory SQLite the tests share between threads, a second writer is refused at
    once: "database table is locked")."""
    app.control.purge()
    yield
    app.control.purge()


def test_a_real_worker_consumes_a_task_sent_through_the_configured_broker(broker):
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        result = ping.delay()
        assert result.get(timeout=30) == "pong"


def test_a_worker_adds_nothing_to_git_status(broker, checkout):
    before = checkout.status()
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        assert ping.delay().get(timeout=30) == "pong"
    assert checkout.new_since(before) == []
    assert not (PROJECT / "control").exists()
    if broker.startswith("filesystem://"):
        # kombu's exchange tables went where the settings send them, not to ./control.
        assert any((settings.BROKER_DIR / "control").iterdir())


@pytest.mark.django_db(transaction=True)
def test_beat_and_a_worker_add_nothing_to_git_status(broker, checkout):
    """Beat as `make run` starts it: its schedule file where the settings put it, and every
    periodic task it sends run by a worker."""
    before = checkout.status()
    periodic = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    ran = threading.Event()

    def after_task(sender=None, **kwargs):
        # Runs in the worker's thread after each task: wake the test once beat's task ran.
        if getattr(sender, "name", "") in periodic:
            ran.set()

    task_postrun.connect(after_task, weak=False)
    beat = EmbeddedService(app, max_interval=1, thread=True)  # the configured schedule file
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            beat.start()
            assert ran.wait(timeout=60), "beat sent no periodic task that the worker ran within a minute"
    finally:
        beat.stop()
        task_postrun.disconnect(after_task)
    assert checkout.new_since(before) == []
    schedule = Path(settings.CELERY_BEAT_SCHEDULE_FILENAME)
    assert list(schedule.parent.glob(f"{schedule.name}*")), "beat kept its schedule somewhere else"


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_emails_a_notification_sent_by_name_after_commit(broker):
    from django.core import mail
    from django.db import transaction

    from forum.models import Notification
    from forum.notifications import SEND_EMAILS_TASK, notify
    from forum.tasks import send_notification_emails
    from tests.factories import UserFactory

    assert send_notification_emails.name == SEND_EMAILS_TASK  # notify() sends to it by name
    reader = UserFactory()
    # The worker runs in this process: its task_postrun signal says when the task is done.
    sent = threading.Event()

    def after_task(sender=None, **kwargs):
        if sender is not None and sender.name == SEND_EMAILS_TASK:
            sent.set()

    task_postrun.connect(after_task, weak=False)
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            with transaction.atomic():
                (notification_id,) = notify(recipient_ids=[reader.pk], text="Somebody answered you", url="/")
            assert sent.wait(timeout=30), "the worker did not run the email task within 30 s"
    finally:
        task_postrun.disconnect(after_task)
    assert not Notification.objects.filter(pk=notification_id, emailed_at=None).exists()
    assert [message.to for message in mail.outbox] == [[reader.email]]
