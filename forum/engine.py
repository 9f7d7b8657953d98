"""The response-time engine, as the forum needs it: a required collaborator, not a listener.

The forum and cases sit below responses (tests/platform/test_layering.py), so they cannot
import it; yet every change of a thread's waiting state must reach the engine inside the
action's transaction, and some actions need its answer (has the company responded?). So the
forum declares here what it calls, responses installs its recorder (responses/waiting.py) in
its AppConfig.ready(), and the actions call `engine().answered(...)` directly. A site
without an engine is misconfigured: engine() raises, and forum/checks.py fails the system
check (docs/architecture.md, "Apps and layers", says why this is a port and not a signal).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

from django.core.exceptions import ImproperlyConfigured

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from forum.models import Post, Thread


@dataclass(frozen=True)
class Clock:
    """What the thread page says about waiting. `waiting`: "follow_up" (on the company, since
    the customer's reply), "first_response" (nobody has answered), "official" (in the queue
    with no official reply), "detail" (on the customer, for a detail a rep asked for in a reply)
    or "customer" (the company answered); None when nothing is said.
    `since`: when that wait started; `lag_minutes`: the public promise while one runs."""

    waiting: str | None = None
    since: datetime | None = None
    lag_minutes: int | None = None


@dataclass(frozen=True)
class Held:
    """An official reply the engine held for a lead's second look instead of posting it
    (responses/second_look.py): where its draft is, and what to tell its author."""

    url: str
    message: str

    def get_absolute_url(self) -> str:
        return self.url


class ResponseEngine(Protocol):
    # --- What the forum's and the cases' actions report, inside their transactions.
    def thread_created(self, *, thread: Thread, heat: float, now: datetime) -> None: ...

    def tags_changed(self, *, thread_ids: list[int]) -> None: ...

    def heat_changed(self, *, thread: Thread, heat: float) -> None: ...

    def open_changed(self, *, thread: Thread) -> None: ...

    def answered(self, *, post: Post, thread: Thread, official: bool, follow_up: bool, now: datetime) -> None: ...

    def replied(
        self, *, post: Post, thread: Thread, asks_customer: bool, expects_answer: bool, now: datetime
    ) -> None: ...

    def official_given(self, *, thread: Thread, now: datetime) -> None: ...

    def official_withdrawn(self, *, thread: Thread, now: datetime) -> None: ...

    def case_opened(self, *, thread: Thread, now: datetime) -> None: ...

    def interest(self, *, thread_id: int, amount: str, now: datetime) -> None: ...

    # --- What the forum's use cases ask before an official reply goes out: None to post it,
    # or the reply held for a lead's second look (a rep's, on a hot thread).
    def hold_official(self, *, author, thread: Thread, body: str, asked: bool) -> Held | None: ...

    # --- What the forum's pages and actions read.
    def has_response(self, thread: Thread) -> bool: ...

    def awaiting_first_response(self, thread: Thread) -> bool: ...

    def waits_on_company(self, thread: Thread) -> bool: ...

    def clock(self, thread: Thread) -> Clock: ...

    def with_state(self, threads: QuerySet) -> QuerySet: ...


_installed: list[ResponseEngine] = []


def install(engine: ResponseEngine) -> None:
    """Called once by the engine's app (responses.apps.ResponsesConfig.ready)."""
    _installed[:] = [engine]


def engine() -> ResponseEngine:
    if not _installed:
        raise ImproperlyConfigured("No response-time engine is installed (forum.engine.install): add `responses`.")
    return _installed[0]


def is_installed() -> bool:
    return bool(_installed)
