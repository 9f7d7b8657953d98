"""An asker whose thread has answers but none accepted is reminded once, ACCEPT_REMINDER_AFTER
(3 days) after the first answer by someone else, to accept it or say what is still missing."""

from datetime import timedelta

import pytest
from django.core import mail

from forum import actions as forum_actions
from forum.models import Notification, Thread
from forum.notifications import send_notification_emails
from moderation import actions as moderation_actions
from reminders.actions import remind_askers_to_accept
from reminders.models import AcceptReminder
from reminders.querysets import ACCEPT_REMINDER_WINDOW
from tests.concurrency import run_together
from tests.factories import UserFactory, make_answer, make_thread

pytestmark = pytest.mark.django_db


def reminders(user):
    return Notification.objects.filter(recipient=user, text__startswith="Did an answer")


def reminders_for(user) -> list[str]:
    return list(reminders(user).values_list("text", flat=True))


@pytest.fixture
def moderator(db):
    return UserFactory(username="moderator", groups=["Moderators"])


def test_an_asker_is_reminded_three_days_after_the_first_answer(answered, asker, now):
    thread = answered(3.01)
    assert remind_askers_to_accept(now=now) == [thread.pk]
    assert reminders_for(asker) == [
        "Did an answer solve “The hub drops wifi every evening”? Accept it, or say what is still missing."
    ]
    notification = reminders(asker).get()
    assert (notification.url, notification.thread_id) == (thread.get_absolute_url(), thread.pk)
    assert AcceptReminder.objects.get(thread=thread).reminded_at == now


def test_an_asker_is_reminded_only_once(answered, asker, now):
    answered(4)
    remind_askers_to_accept(now=now)
    assert remind_askers_to_accept(now=now) == []
    assert remind_askers_to_accept(now=now + timedelta(days=10)) == []
    assert len(reminders_for(asker)) == 1


def test_a_run_with_nothing_due_writes_nothing(answered, now, django_assert_num_queries):
    answered(1)
    with django_assert_num_queries(1):  # the one look for due threads
        assert remind_askers_to_accept(now=now) == []


def test_no_reminder_before_three_days(answered, asker, now):
    answered(2.9)
    assert remind_askers_to_accept(now=now) == []
    assert reminders_for(asker) == []


def test_the_reminder_is_also_emailed_to_the_asker(answered, asker, now):
    answered(4)
    remind_askers_to_accept(now=now)
    send_notification_emails(notification_ids=list(reminders(asker).values_list("pk", flat=True)))
    (message,) = mail.outbox
    assert message.to == [asker.email]
    assert "Did an answer solve “The hub drops wifi every evening”?" in message.subject
    assert "say what is still missing" in message.body


def test_the_delay_is_a_setting(answered, asker, now, settings):
    settings.ACCEPT_REMINDER_AFTER = timedelta(days=1)
    thread = answered(1.5)
    assert remind_askers_to_accept(now=now) == [thread.pk]


def test_a_solved_thread_is_not_reminded(answered, asker, now):
    thread = answered(4)
    forum_actions.accept_answer(post=thread.posts.get(is_question=False), by=asker)
    assert remind_askers_to_accept(now=now) == []


def test_a_locked_thread_is_not_reminded(answered, moderator, now):
    thread = answered(4)
    moderation_actions.lock_thread(thread=thread, by=moderator, reason="Settled in another thread")
    assert remind_askers_to_accept(now=now) == []


def test_a_thread_closed_as_a_duplicate_is_not_reminded(answered, moderator, now):
    thread = answered(4)
    original = make_thread(author=UserFactory(), title="Wifi drops every evening at eight")
    moderation_actions.close_as_duplicate(thread=thread, original=original, by=moderator)
    assert remind_askers_to_accept(now=now) == []


def test_a_withdrawn_thread_is_not_reminded(answered, now):
    thread = answered(4)
    # The state a withdrawal leaves (forum's own rules first withdraw every answer).
    Thread.objects.filter(pk=thread.pk).update(withdrawn_at=now - timedelta(days=1))
    assert remind_askers_to_accept(now=now) == []


def test_an_unanswered_thread_is_not_reminded(asker, now):
    make_thread(author=asker, now=now - timedelta(days=10))
    assert remind_askers_to_accept(now=now) == []


def test_the_asker_s_own_answers_do_not_count(asker, now):
    thread = make_thread(author=asker, now=now - timedelta(days=10))
    make_answer(
        thread=thread, author=asker, body="Still broken, and now the lights blink.", now=now - timedelta(days=9)
    )
    assert remind_askers_to_accept(now=now) == []


def test_an_answer_a_moderator_hid_does_not_count(answered, moderator, now):
    thread = answered(4)
    moderation_actions.hide_post(post=thread.posts.get(is_question=False), by=moderator, rule="off_topic")
    assert remind_askers_to_accept(now=now) == []


def test_an_answer_its_author_withdrew_does_not_count(answered, helper, now):
    thread = answered(4)
    forum_actions.withdraw_post(post=thread.posts.get(is_question=False), by=helper)
    assert remind_askers_to_accept(now=now) == []


def test_the_three_days_count_from_the_first_visible_answer_by_someone_else(answered, helper, now):
    thread = answered(5)
    forum_actions.withdraw_post(post=thread.posts.get(is_question=False), by=helper)
    make_answer(
        thread=thread, author=UserFactory(), body="Move the hub away from the microwave.", now=now - timedelta(days=1)
    )
    assert remind_askers_to_accept(now=now) == []
    assert remind_askers_to_accept(now=now + timedelta(days=2, minutes=1)) == [thread.pk]


@pytest.mark.parametrize("kind", [Thread.Kind.IDEA, Thread.Kind.ANNOUNCEMENT])
def test_ideas_and_announcements_are_not_reminded(answered, now, kind):
    answered(4, kind=kind)
    assert remind_askers_to_accept(now=now) == []


def test_threads_whose_first_answer_is_older_than_a_month_are_left_alone(answered, now):
    # Threads answered long before reminders existed are not all reminded on deployment day.
    answered((ACCEPT_REMINDER_WINDOW + timedelta(days=4)).days)
    assert remind_askers_to_accept(now=now) == []


def test_every_asker_hears_about_their_own_thread(helper, now):
    askers = UserFactory.create_batch(3)
    threads = []
    for index, person in enumerate(askers):
        thread = make_thread(author=person, title=f"Question {index} about the router", now=now - timedelta(days=5))
        make_answer(thread=thread, author=helper, now=now - timedelta(days=4))
        threads.append(thread)
    assert sorted(remind_askers_to_accept(now=now)) == sorted(thread.pk for thread in threads)
    for person, thread in zip(askers, threads, strict=True):
        assert reminders_for(person) == [
            f"Did an answer solve “{thread.title}”? Accept it, or say what is still missing."
        ]


def test_a_deactivated_asker_is_told_nothing_and_not_reminded_later(answered, asker, now):
    thread = answered(4)
    asker.is_active = False
    asker.save(update_fields=["is_active"])
    assert remind_askers_to_accept(now=now) == [thread.pk]
    assert reminders_for(asker) == []


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_workers_reminding_at_once_remind_each_asker_once(postgresql, helper, now):
    askers = UserFactory.create_batch(4)
    for index, person in enumerate(askers):
        thread = make_thread(author=person, title=f"Racing question {index}", now=now - timedelta(days=5))
        make_answer(thread=thread, author=helper, now=now - timedelta(days=4))
    results, errors = run_together(
        [lambda offset=offset: remind_askers_to_accept(now=now + timedelta(microseconds=offset)) for offset in (1, 2)]
    )
    assert errors == []
    assert len([pk for result in results for pk in result]) == len(askers)  # each thread by one worker
    for person in askers:
        assert len(reminders_for(person)) == 1
