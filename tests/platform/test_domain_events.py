"""config/events.py: one channel (a Django signal whose sender is the event's name) for every
domain event; payloads built only when someone listens, once for all receivers; sent inside the
action's transaction."""

import pytest
from django.db import connection

from config import events
from tests.factories import UserFactory, make_thread


@pytest.fixture
def listen():
    """listen(uid, event=None) -> the list of (event, payloads, in a transaction) it hears."""
    connected = []

    def connect(uid: str, event: str | None = None) -> list:
        heard = []

        def receiver(sender, *, event, payloads, **kwargs):
            heard.append((event, payloads(), connection.in_atomic_block))

        events.subscribe(receiver, dispatch_uid=uid, event=event)
        connected.append((uid, event))
        return heard

    yield connect
    for uid, event in connected:
        assert events.unsubscribe(dispatch_uid=uid, event=event)


def test_a_payload_nobody_listens_to_is_never_built(no_receivers):
    def build():
        raise AssertionError("built for nobody")

    events.publish("thread.created", build)
    events.publish_many("thread.escalated", build)


def test_a_payload_is_built_once_for_every_receiver(no_receivers, listen):
    first, second = listen("probe.first"), listen("probe.second")
    built = []

    def build():
        built.append(1)
        return {"thread": {"id": 7}}

    events.publish("thread.created", build)
    assert built == [1]
    assert first == second == [("thread.created", [{"thread": {"id": 7}}], False)]


def test_a_receiver_may_hear_one_event_only(no_receivers, listen):
    solved = listen("probe.solved", event="thread.solved")
    events.publish("thread.created", lambda: {"n": 1})
    events.publish("thread.solved", lambda: {"n": 2})
    assert solved == [("thread.solved", [{"n": 2}], False)]


def test_an_unknown_event_is_refused():
    with pytest.raises(ValueError, match="unknown event"):
        events.publish("thread.exploded", {})
    with pytest.raises(ValueError, match="unknown event"):
        events.subscribe(lambda **kwargs: None, dispatch_uid="probe.unknown", event="thread.exploded")


@pytest.mark.django_db(transaction=True)
def test_an_action_publishes_inside_its_transaction(listen):
    heard = listen("probe.created", event="thread.created")
    thread = make_thread(author=UserFactory())
    assert [(event, payloads[0]["thread"]["id"], inside) for event, payloads, inside in heard] == [
        ("thread.created", thread.pk, True)
    ]


def test_an_event_named_by_an_equal_string_reaches_its_receivers(no_receivers, listen):
    solved = listen("probe.solved", event="thread.solved")
    events.publish("".join(["thread.", "solved"]), {"n": 3})  # equal, not the same object
    assert solved == [("thread.solved", [{"n": 3}], False)]


def test_webhooks_listen_through_the_same_channel():
    from webhooks.actions import record_deliveries

    assert record_deliveries in [receiver for _key, receiver, *_rest in events.published.receivers]
