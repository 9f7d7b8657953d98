"""A real Celery worker consumes from the configured broker: the filesystem transport by
default, Redis in CI's second pass. Whatever it writes stays out of the working tree."""

import shutil
import subprocess
import time
from pathlib import Path

import pytest
from celery.contrib.testing.worker import start_worker

from config.celery import app, ping
from tests.conftest import REQUIRE_SERVICES, unavailable

PROJECT = Path(__file__).resolve().parents[2]


def git_status() -> set[str]:
    """`git status` of the checkout, untracked files listed one by one (ignored ones left out)."""
    completed = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=all"],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert completed.returncode == 0, completed.stderr
    return set(completed.stdout.splitlines())


@pytest.fixture
def checkout() -> None:
    if shutil.which("git") is None or not (PROJECT / ".git").exists():
        unavailable("a git checkout of the project", required=REQUIRE_SERVICES)


def test_a_real_worker_consumes_a_task_sent_through_the_configured_broker(broker):
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        result = ping.delay()
        assert result.get(timeout=30) == "pong"


def test_a_worker_leaves_git_status_as_it_found_it(broker, checkout):
    before = git_status()
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        assert ping.delay().get(timeout=30) == "pong"
    assert git_status() - before == set()
    assert not (PROJECT / "control").exists()


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
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        with transaction.atomic():
            (notification_id,) = notify(recipient_ids=[reader.pk], text="Somebody answered you", url="/")
        # The worker runs in this process: poll the database for its mark, bounded in time.
        deadline = time.monotonic() + 30
        while Notification.objects.filter(pk=notification_id, emailed_at=None).exists():
            assert time.monotonic() < deadline, "the worker did not send the email within 30 s"
            time.sleep(0.05)
    assert [message.to for message in mail.outbox] == [[reader.email]]
