"""With a real Celery worker on the configured broker (the filesystem transport by default,
Redis in CI's second pass), both beat tasks do their work when sent by name, as beat sends them."""

import threading

import pytest
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun
from django.conf import settings
from django.core import mail

from config.celery import app
from reminders.models import AcceptReminder
from reminders.tasks import remind_askers_to_accept_task, send_weekly_digests_task

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def test_the_beat_schedule_names_both_tasks():
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {remind_askers_to_accept_task.name, send_weekly_digests_task.name} <= scheduled


def test_a_real_worker_reminds_an_asker_and_sends_a_digest(broker, answered, reader, asked):
    thread = answered(4)
    asked(1, title="The hub's lights are all red")
    names = {remind_askers_to_accept_task.name, send_weekly_digests_task.name}
    done: set[str] = set()
    finished = threading.Event()

    def after_task(sender=None, **kwargs):
        # Runs in the worker's thread after each task: wake the test once both have run.
        if getattr(sender, "name", "") in names:
            done.add(sender.name)
            if done == names:
                finished.set()

    task_postrun.connect(after_task, weak=False)
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            for name in sorted(names):
                app.send_task(name)
            assert finished.wait(timeout=60), "the worker did not run both tasks within a minute"
    finally:
        task_postrun.disconnect(after_task)
    assert AcceptReminder.objects.filter(thread=thread).exists()
    digests = [message for message in mail.outbox if message.to == [reader.email]]
    assert len(digests) == 1
    assert "The hub's lights are all red" in digests[0].body
