"""An invariant is a direct call; an event is for whoever may listen (docs/architecture.md, "Events and signals").

Each rule below held through a signal receiver before issue 25. Here every Django signal has no
receiver at all (the `no_receivers` fixture: config.events' channel, forum's, the framework's),
and each rule still holds, because the action that makes the change keeps it itself."""

import pytest
from django.db import transaction

from accounts.actions import delete_account
from config import events
from forum import actions as forum_actions
from forum.models import Follow, Thread
from ideas.actions import post_idea
from ideas.models import Idea
from moderation.conf import conf as moderation_conf
from moderation.models import FirstLook, LogEntry, SuspiciousVoting
from tests.factories import UserFactory, make_answer, make_thread

pytestmark = pytest.mark.django_db


def test_the_fixture_leaves_every_signal_unheard(no_receivers):
    assert not events.published.has_listeners()
    from django.db.models.signals import post_save

    assert post_save.receivers == []


def test_an_idea_gets_its_status_with_no_receiver_connected(no_receivers):
    thread = post_idea(author=UserFactory(), title="Let me rename my devices", body="x" * 40, tags=["wifi"])
    assert Idea.objects.get(thread=thread).status == "open"


def test_an_idea_sent_twice_has_one_thread_and_one_idea():
    author = UserFactory()
    first = post_idea(author=author, title="Let me rename my devices", body="x" * 40, tags=["wifi"])
    again = post_idea(author=author, title="Let me rename my devices", body="x" * 40, tags=["wifi"])
    assert first.pk == again.pk
    assert Idea.objects.filter(thread=first).count() == 1


def test_forum_posts_no_idea_without_its_status():
    with pytest.raises(ValueError, match=r"ideas\.actions\.post_idea"):
        forum_actions.ask_question(
            author=UserFactory(), title="An idea by the back door", body="x" * 40, tags=["wifi"], kind=Thread.Kind.IDEA
        )
    assert not Thread.objects.exists()


def test_every_idea_thread_of_the_demo_has_its_idea():
    from django.core.management import call_command

    call_command("seed_demo", "--seed", "3", "--threads", "24")
    ideas = Thread.objects.filter(kind=Thread.Kind.IDEA)
    assert ideas.exists()
    assert not ideas.filter(idea__isnull=True).exists()


def test_a_new_members_first_post_with_links_gets_its_first_look_with_no_receiver_connected(no_receivers):
    thread = make_thread(author=UserFactory(), body="My hub is on [the shelf](https://example.com/shelf) now.")
    assert FirstLook.objects.filter(post__thread=thread, post__is_question=True).exists()


def test_serial_votes_are_recorded_with_no_receiver_connected(no_receivers, settings):
    voter, author = UserFactory(), UserFactory()
    posts = [
        make_answer(thread=make_thread(author=UserFactory(), title=f"Hub question {n}"), author=author)
        for n in range(moderation_conf.REPUTATION_SUSPICIOUS_VOTES + 1)
    ]
    for post in posts:
        forum_actions.cast_vote(voter=voter, post=post, value=1)
    record = SuspiciousVoting.objects.get(voter=voter, author=author)
    assert record.vote_count == moderation_conf.REPUTATION_SUSPICIOUS_VOTES + 1


def test_a_redaction_is_logged_with_no_receiver_connected(no_receivers):
    author = UserFactory()
    answer = make_answer(thread=make_thread(author=UserFactory()), author=author, body="Call me on 07700 900123.")
    forum_actions.edit_post(post=answer, editor=author, body="Hold reset for ten seconds.")
    assert forum_actions.redact_revision(revision=answer.revisions.get(number=1), by=author)
    assert LogEntry.objects.filter(action=LogEntry.Action.REDACT_REVISION, post=answer).count() == 1


def test_deleting_an_account_erases_with_no_receiver_connected(no_receivers):
    member = UserFactory()
    make_thread(author=member)
    with transaction.atomic():
        assert delete_account(member=member, by=member)
    assert not Follow.objects.filter(user=member).exists()
