"""Domain events: the one way an app announces what happened to whoever may listen.

An event is for optional reactions only (webhooks today; notifications or caches may follow):
nothing the product depends on waits for a listener. An invariant, a state change the product
depends on or anything whose absence must fail is a direct call instead (docs/architecture.md, "Events and signals").

Every event travels through one Django signal, `published`, whose sender is the event's name,
so that forum, responses, moderation and cases announce without knowing who listens and import
no app above them (tests/platform/test_layering.py). Publish inside the action's transaction:
a receiver that writes (webhooks records one delivery per subscription) then commits or rolls
back with the change itself, and an exception in a receiver undoes the action.

A payload may be a callable that builds it: it is called only when some receiver wants the
event, and once for them all, so an action pays for no payload (nor its queries) when nobody
listens. The payload helpers below take the lower apps' objects as they are (duck-typed, no
import).
"""

from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from typing import Any

from django.dispatch import Signal

from config.site import absolute_url

EVENTS = (
    "thread.created",
    "thread.flagged_unanswered",
    "thread.escalated",
    "thread.spiking",
    "post.official",
    "post.replied",
    "thread.solved",
    "flag.created",
    "case.opened",
    "case.resolved",
)

Payload = Mapping[str, Any]
LazyPayloads = Callable[[], Iterable[Payload]]

# The one channel. receiver(sender, *, event, payloads, **kwargs): sender and event are the
# event's name; payloads() returns the list of payloads, built on the first call.
published = Signal()


def _named(event: str) -> str:
    """The name as EVENTS holds it: a signal tells senders apart by identity, and two equal
    strings written in two modules need not be one object."""
    if event not in EVENTS:
        raise ValueError(f"unknown event {event!r}")
    return EVENTS[EVENTS.index(event)]


def subscribe(receiver: Callable[..., Any], *, dispatch_uid: str, event: str | None = None) -> None:
    """Connect `receiver` to every event, or to `event` alone (once, from an AppConfig.ready())."""
    sender = None if event is None else _named(event)
    published.connect(receiver, sender=sender, dispatch_uid=dispatch_uid, weak=False)


def unsubscribe(*, dispatch_uid: str, event: str | None = None) -> bool:
    return published.disconnect(sender=None if event is None else _named(event), dispatch_uid=dispatch_uid)


def publish(event: str, payload: Payload | Callable[[], Payload]) -> None:
    """Announce one event. Call inside the transaction of the action that made it happen."""
    publish_many(event, lambda: [payload() if callable(payload) else payload])


def publish_many(event: str, payloads: Iterable[Payload] | LazyPayloads) -> None:
    """Announce one event per payload (a periodic job's batch), built once for all receivers."""
    event = _named(event)
    if not published.has_listeners(event):
        return
    built: list[list[Payload]] = []

    def once() -> list[Payload]:
        if not built:
            built.append(list(payloads() if callable(payloads) else payloads))
        return built[0]

    published.send(sender=event, event=event, payloads=once)


# --- Payload helpers: ids, titles, absolute URLs, ISO 8601 times; nothing private. -----------


def iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def thread_data(thread) -> dict:
    """A thread as the public sees it (its tags cost one query unless prefetched)."""
    return {
        "id": thread.pk,
        "title": thread.title,
        "url": absolute_url(thread.get_absolute_url()),
        "kind": thread.kind,
        "status": thread.status,
        "tags": thread.tag_names(),
        "created_at": iso(thread.created_at),
        # The engine's state (responses.ResponseState), one row per thread.
        "escalation_level": thread.response_state.escalation_level,
    }


def thread_payload(thread, **extra) -> dict:
    """{"thread": ..., **extra}, times among `extra` written in ISO 8601."""
    extra = {key: iso(value) if isinstance(value, datetime) else value for key, value in extra.items()}
    return {"thread": thread_data(thread), **extra}


def post_data(post) -> dict:
    return {
        "id": post.pk,
        "url": absolute_url(post.get_absolute_url()),
        "created_at": iso(post.created_at),
    }


def flag_payload(flag) -> dict:
    """A flag's reason and the post it targets; never who flagged it, nor their note."""
    post = flag.post
    return {
        "flag": {"id": flag.pk, "reason": flag.reason, "created_at": iso(flag.created_at)},
        "post": post_data(post),
        "thread": thread_data(post.thread),
    }


def case_payload(case) -> dict:
    """A private case: its id, status, address and times only, never its messages."""
    return {
        "case": {
            "id": case.pk,
            "status": case.status,
            "url": absolute_url(case.get_absolute_url()),
            "opened_at": iso(case.opened_at),
            "resolved_at": iso(case.resolved_at),
        },
        "thread": {"id": case.thread_id},
    }
