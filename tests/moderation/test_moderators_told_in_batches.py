"""Moderators are told of what waits for them (issue 26) in batches: a spam wave is one
notification and one email per moderator, not one per post (forum/notification_batches.py)."""

import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.urls import reverse

from forum import notifications
from forum.models import Notification
from moderation import actions
from moderation.models import Flag
from tests.factories import UserFactory, make_answer, make_thread

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderators(db):
    return [UserFactory(username="mo", groups=["Moderators"]), UserFactory(username="mia", groups=["Moderators"])]


def report_personal_data(count: int) -> list:
    """`count` posts, each reported for personal data by an ordinary member: each report
    tells the moderators (without holding the post)."""
    posts = posts_with_account_numbers(count)
    for post in posts:
        actions.flag_post(post=post, flagger=UserFactory(), reason=Flag.Reason.PERSONAL_DATA)
    return posts


def posts_with_account_numbers(count: int) -> list:
    thread = make_thread(author=UserFactory(), title="My bill shows a charge twice")
    return [
        make_answer(thread=thread, author=UserFactory(), body=f"My account is BW-{number:04} in M1 4BT.")
        for number in range(count)
    ]


def test_a_wave_of_reports_is_one_notification_per_moderator_listing_the_newest_first(moderators):
    report_personal_data(5)
    for moderator in moderators:
        (told,) = Notification.objects.filter(recipient=moderator)
        assert told.batched == 5
        assert told.message == "5 new reports need a moderator"
        assert told.url == reverse("moderation:reports")
        lines = told.details.splitlines()
        assert len(lines) == 5
        assert all(
            line.startswith("Personal data: a post on “My bill shows a charge twice” was reported") for line in lines
        )


def test_one_report_alone_reads_as_itself_and_links_to_its_post(moderators):
    (post,) = report_personal_data(1)
    told = Notification.objects.get(recipient=moderators[0])
    assert (told.batched, told.details) == (1, "")
    assert told.text.startswith("Personal data: a post on")
    assert told.url == post.get_absolute_url()


def test_a_report_after_the_moderator_read_the_batch_starts_a_new_one(moderators):
    report_personal_data(2)
    first = Notification.objects.get(recipient=moderators[0])
    notifications.mark_notification_read(notification=first)
    report_personal_data(1)
    assert Notification.objects.filter(recipient=moderators[0]).count() == 2
    assert Notification.objects.get(pk=first.pk).batched == 2  # what they read is left alone
    assert Notification.objects.filter(recipient=moderators[1]).get().batched == 3  # the other had not


def test_a_report_after_the_email_went_starts_a_new_one_and_the_email_told_of_the_whole_batch(moderators):
    report_personal_data(3)
    ids = list(Notification.objects.filter(recipient__in=moderators).values_list("pk", flat=True))
    assert notifications.send_notification_emails(notification_ids=ids).sent == 2
    assert {message.subject for message in mail.outbox} == {"[Helpcircle] 3 new reports need a moderator"}
    assert mail.outbox[0].body.count("Personal data: a post on") == 3
    report_personal_data(1)
    assert Notification.objects.filter(recipient=moderators[0]).count() == 2


def test_a_batch_read_on_the_site_before_its_email_goes_is_not_emailed(moderators):
    report_personal_data(2)
    read = Notification.objects.get(recipient=moderators[0])
    notifications.mark_notification_read(notification=read)
    ids = list(Notification.objects.filter(recipient__in=moderators).values_list("pk", flat=True))
    assert notifications.send_notification_emails(notification_ids=ids).sent == 1
    assert [message.to for message in mail.outbox] == [[moderators[1].email]]
    assert not Notification.objects.filter(pk__in=ids, emailed_at=None).exists()  # neither is sent later


def test_each_moderator_has_one_gathering_batch_at_most(moderators):
    report_personal_data(1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Notification.objects.create(recipient=moderators[0], text="a second batch", batch_key="reports")


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_sends_one_email_per_moderator_for_the_wave_after_the_wait(broker, settings):
    """The batch's email task is sent with a countdown; every report made meanwhile is in it."""
    from celery.contrib.testing.worker import start_worker
    from celery.signals import task_postrun

    from config.celery import app
    from forum.notifications import SEND_EMAILS_TASK

    settings.MODERATOR_EMAIL_WAIT = timedelta(seconds=5)
    moderator = UserFactory(username="mo", groups=["Moderators"])
    posts = posts_with_account_numbers(4)
    flaggers = UserFactory.create_batch(4)
    app.control.purge()  # the answers' own notifications are not what this test waits for
    told = threading.Event()

    def after_task(sender=None, **kwargs):
        if sender is not None and sender.name == SEND_EMAILS_TASK and mail.outbox:
            told.set()

    task_postrun.connect(after_task, weak=False)
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            for post, flagger in zip(posts, flaggers, strict=True):  # four commits, one batch
                actions.flag_post(post=post, flagger=flagger, reason=Flag.Reason.PERSONAL_DATA)
            assert not mail.outbox  # the email waits for the wave
            assert told.wait(timeout=30), "the worker sent no email within 30 s"
    finally:
        task_postrun.disconnect(after_task)
        app.control.purge()
    assert [message.to for message in mail.outbox] == [[moderator.email]]
    assert mail.outbox[0].subject == "[Helpcircle] 4 new reports need a moderator"
