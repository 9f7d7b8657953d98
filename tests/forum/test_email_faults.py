"""Notification emails on the worst day (issue 15, faults): with the broker down a member's
write never fails for the email task that could not be sent, and beat's sweep emails what was
left, once; a worker dying in the middle of a send leaves that notification to be sent again.
The whole faults, with a real broker stopped and a real worker killed, are in bench/faults/."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.urls import reverse
from django.utils import timezone

from config.celery import app
from forum import notifications
from forum.conf import conf as forum_conf
from forum.models import Notification
from tests.factories import UserFactory, make_thread

pytestmark = pytest.mark.django_db


@pytest.fixture
def broker_down():
    """The Celery app sends to a port nobody listens on, as a stopped broker refuses."""

    def use(url):
        app.conf.broker_url = url
        app.amqp._producer_pool = None  # the pools hold connections to the old URL
        app._pool = None

    saved = app.conf.broker_url
    use("redis://127.0.0.1:1/0")
    yield
    use(saved)


def test_an_answer_posted_with_the_broker_down_is_saved_and_its_page_does_not_fail(
    client, broker_down, django_capture_on_commit_callbacks
):
    asker, answerer = UserFactory(), UserFactory()
    thread = make_thread(author=asker)  # the asker follows the thread: the answer notifies them
    client.force_login(answerer)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(
            reverse("forum:answer", args=[thread.pk]), {"body": "Unplug it for ten seconds, then plug it in."}
        )
    assert response.status_code == 302
    assert callbacks  # the email task was due, and could not be sent
    waiting = Notification.objects.get(recipient=asker)
    assert waiting.emailed_at is None  # left for the sweep, not lost
    assert mail.outbox == []


def test_the_sweep_emails_a_notification_whose_task_never_ran_once_and_leaves_fresh_ones_to_their_task(
    settings, django_capture_on_commit_callbacks
):
    reader, other = UserFactory(), UserFactory()
    now = timezone.now()
    with django_capture_on_commit_callbacks(execute=False):  # the task never reached a broker
        (old,) = notifications.notify(recipient_ids=[reader.pk], text="Somebody answered you", url="/")
        (fresh,) = notifications.notify(recipient_ids=[other.pk], text="Somebody answered you too", url="/")
    Notification.objects.filter(pk=old).update(created_at=now - forum_conf.UNSENT_EMAIL_AFTER - timedelta(seconds=1))
    Notification.objects.filter(pk=fresh).update(created_at=now - timedelta(seconds=10))
    assert notifications.send_unsent_emails(now=now).sent == 1
    assert notifications.send_unsent_emails(now=now).sent == 0
    assert [message.to for message in mail.outbox] == [[reader.email]]
    assert Notification.objects.get(pk=fresh).emailed_at is None
    assert "forum.tasks.send_unsent_notification_emails" in {
        entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()
    }


class DyingEmailBackend(EmailBackend):
    """The real in-memory backend, whose process dies (SIGKILL, as near as a test gets: an
    exception nothing catches) while it talks to the mail server about the second message."""

    def send_messages(self, messages):
        if len(mail.outbox) == 1:
            raise SystemExit("killed in the middle of sending")
        return super().send_messages(messages)


def test_a_worker_dying_in_the_middle_of_a_send_leaves_that_email_to_be_sent_again(settings):
    """Found by `python -m bench.faults kill-email`: the notification was marked emailed
    before its email was sent, so a worker killed in between lost it."""
    readers = UserFactory.create_batch(3)
    ids = notifications.notify(recipient_ids=[reader.pk for reader in readers], text="Somebody answered", url="/")
    settings.EMAIL_BACKEND = "tests.forum.test_email_faults.DyingEmailBackend"
    with pytest.raises(SystemExit):
        notifications.send_notification_emails(notification_ids=ids)
    assert len(mail.outbox) == 1
    assert Notification.objects.filter(pk__in=ids, emailed_at=None).count() == 2  # the one dying is not lost
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert notifications.send_notification_emails(notification_ids=ids).sent == 2  # the task, delivered again
    assert sorted(message.to[0] for message in mail.outbox) == sorted(reader.email for reader in readers)
    assert not Notification.objects.filter(pk__in=ids, emailed_at=None).exists()


def test_the_email_task_retries_while_the_database_is_unreachable_instead_of_dropping_its_emails():
    """Found by `python -m bench.faults db-restart-load`: email tasks that ran while the
    database was down failed, were acked, and their emails waited for beat's sweep."""
    from forum.tasks import send_notification_emails
    from tests.platform.test_healthz import unreachable_database_error

    assert isinstance(unreachable_database_error(), send_notification_emails.autoretry_for)
    assert send_notification_emails.max_retries >= 5
    assert send_notification_emails.retry_backoff


def test_an_email_sent_again_carries_the_message_id_of_the_first_so_mail_stores_drop_the_copy():
    """Found by `python -m bench.faults db-restart-load`: the database going away between a
    send and its commit makes the retried task send that email again (1 of 4,300)."""
    reader, other = UserFactory.create_batch(2)
    first, second = notifications.notify(recipient_ids=[reader.pk, other.pk], text="Somebody answered", url="/")
    notifications.send_notification_emails(notification_ids=[first, second])
    Notification.objects.filter(pk=first).update(emailed_at=None)  # as if that commit never happened
    notifications.send_notification_emails(notification_ids=[first])
    ids = [message.extra_headers["Message-ID"] for message in mail.outbox]
    assert len(ids) == 3
    assert ids[0] == ids[2] != ids[1]
