"""forum's actions publish their events (config/events.py) from inside their transaction, so
that what a listener writes (webhooks record deliveries) commits or rolls back with the
action. What must happen on every post (a new member's first look, the engine's state) is a
direct call, heard or not."""

import pytest
from django.db import connection

from config import events
from forum import actions
from forum.models import Thread
from moderation.models import FirstLook
from responses.models import ResponseState
from tests.factories import UserFactory, make_answer, make_thread


@pytest.fixture
def heard():
    """[(event, inside a transaction), ...] while the test runs."""
    calls: list[tuple[str, bool]] = []

    def receiver(sender, *, event, payloads, **kwargs):
        calls.append((event, connection.in_atomic_block))

    events.subscribe(receiver, dispatch_uid="tests.heard")
    yield calls
    events.unsubscribe(dispatch_uid="tests.heard")


@pytest.mark.django_db(transaction=True)
def test_every_event_is_published_inside_the_actions_transaction(heard):
    asker, rep = UserFactory(), UserFactory()
    thread = make_thread(author=asker)
    answer = make_answer(thread=thread, author=rep)
    actions.accept_answer(post=answer, by=asker)
    assert ("thread.created", True) in heard
    assert ("thread.solved", True) in heard
    assert all(inside for _event, inside in heard)


@pytest.mark.django_db(transaction=True)
def test_a_listener_that_fails_undoes_the_question_and_the_engines_state():
    def fail(sender, **kwargs):
        raise RuntimeError("a listener failed")

    events.subscribe(fail, dispatch_uid="tests.fail", event="thread.created")
    try:
        with pytest.raises(RuntimeError):
            make_thread(author=UserFactory())
    finally:
        events.unsubscribe(dispatch_uid="tests.fail", event="thread.created")
    assert not Thread.objects.exists()
    assert not ResponseState.objects.exists()


@pytest.mark.django_db
def test_a_new_members_first_post_with_links_is_queued_with_no_receiver_connected(no_receivers):
    newcomer = UserFactory()
    thread = make_thread(author=UserFactory())
    answer = make_answer(thread=thread, author=newcomer, body="See [the guide](https://example.com/guide) for it.")
    assert FirstLook.objects.filter(post=answer).exists()
    assert Thread.objects.get(pk=thread.pk).answer_count == 1
