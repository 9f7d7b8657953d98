"""Every decision can be undone from the public log for a day (issue 26): the undo is the
inverse decision, logged beside the first, and undoing twice changes nothing more."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from forum.models import Post, Thread
from moderation import actions
from moderation.models import LogEntry
from tests.factories import UserFactory, make_answer, make_thread

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator(db):
    return UserFactory(username="mo", groups=["Moderators"])


@pytest.fixture
def answer(db):
    thread = make_thread(author=UserFactory(), title="The hub drops the line every evening")
    return make_answer(thread=thread, author=UserFactory(username="helper"), body="Cheap routers at example.com")


def undo_button(entry) -> str:
    return f'data-testid="undo-{entry.pk}"'


def test_a_spam_hide_is_undone_from_the_log_with_its_reputation(client, moderator, answer):
    actions.hide_post(post=answer, by=moderator, rule="spam")
    entry = LogEntry.objects.get(action=LogEntry.Action.HIDE)
    client.force_login(moderator)
    assert undo_button(entry) in client.get(reverse("moderation:log")).content.decode()

    response = client.post(reverse("moderation:undo", args=[entry.pk]), {"reason": "It was a real answer"})
    assert response.status_code == 302
    post = Post.objects.get(pk=answer.pk)
    assert not post.is_hidden
    assert User.objects.get(pk=answer.author_id).reputation == 1  # the -100 given back
    assert list(LogEntry.objects.values_list("action", flat=True)) == [LogEntry.Action.RESTORE, LogEntry.Action.HIDE]
    # Twice: nothing more happens.
    client.post(reverse("moderation:undo", args=[entry.pk]), {"reason": "Again, by mistake"})
    assert LogEntry.objects.count() == 2


def test_a_lock_and_a_suspension_are_undone(client, moderator, answer):
    member = UserFactory(username="grumbler")
    actions.lock_thread(thread=answer.thread, by=moderator, reason="Heated")
    actions.suspend_member(member=member, by=moderator, until=timezone.now() + timedelta(days=3), reason="Insults")
    client.force_login(moderator)
    for entry in LogEntry.objects.all():
        client.post(reverse("moderation:undo", args=[entry.pk]), {"reason": "Too quick, sorry"})
    assert Thread.objects.get(pk=answer.thread_id).status != Thread.Status.LOCKED
    assert not User.objects.get(pk=member.pk).is_suspended()


def test_only_moderators_undo_and_only_for_a_day(client, moderator, answer):
    actions.hide_post(post=answer, by=moderator, rule="off_topic")
    entry = LogEntry.objects.get()
    member = UserFactory()
    client.force_login(member)
    assert undo_button(entry) not in client.get(reverse("moderation:log")).content.decode()
    assert client.post(reverse("moderation:undo", args=[entry.pk]), {"reason": "I say so"}).status_code == 403

    older = make_answer(thread=answer.thread, author=UserFactory(), body="Hidden a day and a minute ago.")
    actions.hide_post(post=older, by=moderator, rule="off_topic", now=timezone.now() - timedelta(days=1, minutes=1))
    old_entry = LogEntry.objects.get(post=older)
    client.force_login(moderator)
    log = client.get(reverse("moderation:log")).content.decode()
    assert undo_button(entry) in log
    assert undo_button(old_entry) not in log
    assert client.post(reverse("moderation:undo", args=[old_entry.pk]), {"reason": "Late"}).status_code == 403
    assert Post.objects.get(pk=older.pk).is_hidden
