"""Domain events, published by the lower apps' actions and heard by the upper ones (webhooks).

A tiny publish/subscribe that imports no app, so that forum, responses, moderation and cases
can announce what happened without knowing who listens (tests/platform/test_layering.py).
Publish inside the action's transaction: a subscriber that writes (webhooks records one
delivery per subscription) then commits or rolls back with the change itself.

A payload may be a callable that builds it: it is called only when some subscriber wants the
event, so an action pays for no payload (nor its queries) when nobody listens. The payload
helpers below take the lower apps' objects as they are (duck-typed, no import).
"""

from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from typing import Any

from config.site import absolute_url

EVENTS = (
    "thread.created",
    "thread.flagged_unanswered",
    "thread.escalated",
    "post.official",
    "thread.solved",
    "flag.created",
    "case.opened",
    "case.resolved",
)

Payload = Mapping[str, Any]
LazyPayloads = Callable[[], Iterable[Payload]]
# handler(event, payloads): payloads is a callable returning the list, built on first use.
Handler = Callable[[str, Callable[[], list[Payload]]], None]

_handlers: list[Handler] = []


def subscribe(handler: Handler) -> None:
    """Register `handler` for every event (once, from an AppConfig.ready())."""
    if handler not in _handlers:
        _handlers.append(handler)


def publish(event: str, payload: Payload | Callable[[], Payload]) -> None:
    """Announce one event. Call inside the transaction of the action that made it happen."""
    publish_many(event, lambda: [payload() if callable(payload) else payload])


def publish_many(event: str, payloads: Iterable[Payload] | LazyPayloads) -> None:
    """Announce one event per payload (a periodic job's batch), built once for all handlers."""
    if event not in EVENTS:
        raise ValueError(f"unknown event {event!r}")
    if not _handlers:
        return
    built: list[list[Payload]] = []

    def once() -> list[Payload]:
        if not built:
            built.append(list(payloads() if callable(payloads) else payloads))
        return built[0]

    for handler in _handlers:
        handler(event, once)


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
