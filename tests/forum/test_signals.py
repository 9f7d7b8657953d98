"""forum announces what happened (forum/signals.py) from inside the action's transaction,
so that what moderation and ideas do on hearing it commits or rolls back with it."""

import pytest
from django.db import connection

from forum import actions, signals
from forum.models import Thread, Vote
from moderation.models import FirstLook
from tests.factories import UserFactory, make_answer, make_thread

# The engine is no listener: the actions call it directly (forum/engine.py).
SIGNALS = ["post_created", "vote_cast"]


@pytest.fixture
def heard():
    """{signal name: [whether it was sent inside a transaction, ...]} while the test runs."""
    calls: dict[str, list[bool]] = {name: [] for name in SIGNALS}
    receivers = {}
    for name in SIGNALS:

        def receiver(sender, _name=name, **kwargs):
            calls[_name].append(connection.in_atomic_block)

        receivers[name] = receiver
        getattr(signals, name).connect(receiver)
    yield calls
    for name, receiver in receivers.items():
        getattr(signals, name).disconnect(receiver)


@pytest.mark.django_db(transaction=True)
def test_every_signal_is_sent_inside_the_actions_transaction(heard):
    asker, answerer = UserFactory(), UserFactory()
    thread = make_thread(author=asker)
    make_answer(thread=thread, author=answerer)
    actions.cast_vote(voter=answerer, post=thread.posts.get(is_question=True), value=1)
    actions.set_me_too(user=answerer, thread=thread, on=True)
    actions.record_view(thread=thread, viewer_key="reader")
    assert heard == {
        "post_created": [True, True],
        "vote_cast": [True],
    }


@pytest.mark.django_db(transaction=True)
def test_a_receiver_that_fails_undoes_the_vote_and_what_other_receivers_wrote():
    asker, voter = UserFactory(), UserFactory()
    thread = make_thread(author=asker)
    question = thread.posts.get(is_question=True)

    def fail(sender, **kwargs):
        raise RuntimeError("a receiver failed")

    signals.vote_cast.connect(fail)
    try:
        with pytest.raises(RuntimeError):
            actions.cast_vote(voter=voter, post=question, value=1)
    finally:
        signals.vote_cast.disconnect(fail)
    thread.refresh_from_db()
    assert not Vote.objects.exists()
    assert (thread.score, thread.response_state.recent_interest) == (0, 0)  # the engine's interest rolled back too


@pytest.mark.django_db
def test_a_new_members_first_post_with_links_is_queued_through_the_signal():
    newcomer = UserFactory()
    thread = make_thread(author=UserFactory())
    answer = make_answer(thread=thread, author=newcomer, body="See [the guide](https://example.com/guide) for it.")
    assert FirstLook.objects.filter(post=answer).exists()
    assert Thread.objects.get(pk=thread.pk).answer_count == 1
