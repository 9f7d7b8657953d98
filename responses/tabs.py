"""The home page's tabs whose rule is the engine's (forum.querysets.register_tab): they take
forum's Thread queryset of the list and keep its threads by the engine's facts."""

from forum.querysets import ThreadQuerySet
from responses.querysets import AWAITING_FIRST_RESPONSE, AWAITING_OFFICIAL


def unanswered(threads: ThreadQuerySet) -> ThreadQuerySet:
    """Nobody but the asker has answered (awaiting_first_response()), oldest first."""
    return threads.open().filter(AWAITING_FIRST_RESPONSE).order_by("created_at", "pk")


def needs_official(threads: ThreadQuerySet) -> ThreadQuerySet:
    """In the official-response queue (awaiting_official()), oldest first."""
    return threads.open().filter(AWAITING_OFFICIAL).order_by("created_at", "pk")
