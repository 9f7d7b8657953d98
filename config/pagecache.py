"""Rendered pages kept in the cache, keyed by the named versions of what they show.

A page is a function of the database and of its reader. Each kept page and fragment says
what it shows as a list of *names* (`threads`, `thread:12`, `queue`, `announcements`,
`member:7`, ...), and its cache key holds the current version of each. An action that
changes what a name covers calls `changed("thread:12", "threads")` inside its transaction:
each name gets a new version when the transaction commits (nothing on a rollback), so the
pages that show it are rendered again and every other kept page stays. The names and who
bumps them: docs/performance.md ("The page cache").

Writes made outside the actions (dbshell, a data fix, another program's SQL) bump nothing:
they are on every page within PAGE_CACHE_SECONDS (60), since every entry expires then, and at
once after `manage.py forget_kept_pages` (or `forget_kept_pages()`).

Time-based content (a banner that clears, a pin that ends) calls `changes_at(moment)` while
it renders: no kept copy outlives that moment.

Two uses:
- `kept_page`: whole pages, one per address and versions: for visitors one copy shared by
  all, kept only if it is a plain 200 HTML page that sets no cookie and holds no CSRF token,
  so nothing of one visitor can reach another; for a member their own copy, per session,
  user and CSRF cookie. Never for an htmx request or a reader with a message waiting.
- `fragment`: a part of a page, rendered once per key and versions (a thread list, shared by
  everyone; a thread's body, per session, since it holds the reader's own votes, buttons
  and CSRF token).

The cache is the "pages" alias, whose Redis backend forgives an outage (config/cache.py):
with the cache down, pages are rendered every time, slower and never failing.
"""

from __future__ import annotations

import hashlib
import logging
import re
import uuid
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime
from functools import wraps

from django.conf import settings
from django.core.cache import caches
from django.db import connections, transaction
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

logger = logging.getLogger(__name__)

KEY_MARK = "page:"  # every kept page and fragment's key starts so
VERSION_MARK = "version:"
# Every kept page shows the layout: the banner and pins, and what rare global changes touch.
LAYOUT = ("site", "announcements")
# A name is a word, or a word, a colon and an id: "threads", "thread:12", "member:7".
_NAME = re.compile(r"[a-z]+(?::\d+)?")
# A version outlives every page kept under it (PAGE_CACHE_SECONDS); when one expires unread,
# the next read makes a new one, which only costs the pages kept under the old one. One made
# on a read (a name never bumped, a hostile address's thread id) lives shorter, so that
# addresses of threads that do not exist cannot fill the cache for a day.
VERSION_SECONDS = 24 * 60 * 60
MADE_VERSION_SECONDS = 10 * 60
# The earliest moment at which the page being rendered changes by the clock alone.
_changes_at: ContextVar[datetime | None] = ContextVar("page_changes_at", default=None)
# The versions as this request first read them: a page and its fragments share one read. A
# change the request itself commits moves them on at once; another process's, the next request.
_request_versions: ContextVar[dict[str, str] | None] = ContextVar("request_versions", default=None)
# Who wants to hear of every bump (tests/invalidation.py's assert_invalidates).
_observers: list[Callable[[tuple[str, ...]], None]] = []


def _pages():
    return caches["pages"]


def _enabled() -> bool:
    return settings.PAGE_CACHE


# --- Named versions ------------------------------------------------------------------------


def changed(*names: str, using: str = "default") -> None:
    """Say that what `names` cover changed: each gets a new version when the current
    transaction commits (at once outside a transaction; never on a rollback). Call it inside
    the action's transaction, next to the write (config/aftercommit.py: at once in a test
    wrapped in a transaction that never commits)."""
    for name in names:
        assert _NAME.fullmatch(name), f"not a version name: {name!r}"
    if not names:
        return
    connection = connections[using]
    if settings.AFTER_COMMIT_AT_ONCE or not connection.in_atomic_block:
        _bump(names)  # no commit to wait for (config/aftercommit.py says when a test has none)
    else:
        _pending_bumps(connection).update(dict.fromkeys(names))


class _PendingBumps(dict):
    """The names one transaction changed, bumped together when it commits: one cache round
    trip for the action, however many of its steps said what they changed (an official reply
    said it eight times: issue 29)."""

    def __call__(self) -> None:
        _bump(tuple(self))


def _pending_bumps(connection) -> _PendingBumps:
    pending = getattr(connection, "_pagecache_pending_bumps", None)
    # Still registered? A transaction or savepoint rolled back drops the callbacks registered
    # in it, and this one with them: its names are then no news, and a new one is registered.
    if pending is None or not any(work is pending for _savepoints, work, _robust in connection.run_on_commit):
        pending = _PendingBumps()
        connection._pagecache_pending_bumps = pending
        transaction.on_commit(pending, using=connection.alias)
    return pending


# Past this many threads changed at once, their pages are emptied by one name ("site", which
# every kept page shows) rather than one version each: a backlog of 50,000 threads marked
# overdue after the beat was down would otherwise write 50,000 versions in one go.
MANY_THREADS = 500


def thread_pages(ids: Iterable[int]) -> tuple[str, ...]:
    """The names that cover these threads' pages: each one's, or "site" for many."""
    ids = list(ids)
    return ("site",) if len(ids) > MANY_THREADS else tuple(f"thread:{pk}" for pk in ids)


def _bump(names: Iterable[str]) -> None:
    names = tuple(dict.fromkeys(names))
    for observer in list(_observers):
        observer(names)
    if not _enabled():
        return
    new = {name: uuid.uuid4().hex for name in names}
    _pages().set_many({VERSION_MARK + name: value for name, value in new.items()}, timeout=VERSION_SECONDS)
    remembered = _request_versions.get()
    if remembered is not None:
        remembered.update(new)


def versions(names: Iterable[str]) -> tuple[str, ...]:
    """The current version of each name, in order: one cache round trip (get_many) for all of
    them, none for those this request already read; a new version for a name the cache has
    not (or when it is down)."""
    names = tuple(names)
    remembered = _request_versions.get()
    known = dict(remembered or {})
    missing = [name for name in dict.fromkeys(names) if name not in known]
    if missing:
        found = _pages().get_many([VERSION_MARK + name for name in missing])
        made = {name: uuid.uuid4().hex for name in missing if VERSION_MARK + name not in found}
        if made:
            # Safe to set over a concurrent bump: a page is rendered after its versions are
            # read, so one kept under either new value shows rows committed before it.
            _pages().set_many(
                {VERSION_MARK + name: value for name, value in made.items()}, timeout=MADE_VERSION_SECONDS
            )
        known |= {name: found[VERSION_MARK + name] for name in missing if name not in made} | made
        if remembered is not None:
            remembered.update(known)
    return tuple(f"{name}={known[name]}" for name in names)


def request_starts(**kwargs) -> None:
    """request_started receiver (config/apps.py)."""
    _request_versions.set({})


def request_ends(**kwargs) -> None:
    """request_finished receiver."""
    _request_versions.set(None)


def migrations_end(**kwargs) -> None:
    """post_migrate receiver: a migration may change anything a page shows."""
    if _enabled():
        _bump(("site",))


@contextmanager
def observing_bumps():
    """The names bumped inside this block, in a list, as they are bumped (for tests)."""
    bumped: list[str] = []
    observer = bumped.extend
    _observers.append(observer)
    try:
        yield bumped
    finally:
        _observers.remove(observer)


# --- Pages and fragments -------------------------------------------------------------------


def changes_at(moment: datetime) -> None:
    """Say that the page being rendered changes at `moment` with no write at all (an incident
    banner clears, a pin ends): no kept copy of it outlives that moment. Beat's task writes
    such ends a little later; until then only the clock knows."""
    earliest = _changes_at.get()
    if earliest is None or moment < earliest:
        _changes_at.set(moment)


def _seconds_to_keep(ends: datetime | None) -> int:
    """PAGE_CACHE_SECONDS, or fewer when the page changes sooner by the clock (0: keep nothing)."""
    if ends is None:
        return settings.PAGE_CACHE_SECONDS
    return max(0, min(settings.PAGE_CACHE_SECONDS, int((ends - timezone.now()).total_seconds())))


def forget_kept_pages() -> None:
    """Delete every kept page and fragment, whatever its versions: after an account is
    deleted, copies that show its name must not wait in the cache for their expiry, and after
    a write made outside the actions (`manage.py forget_kept_pages`). Rare and cheap: one
    DELETE, or one scan of the pages' keys in Redis. Call after the commit."""
    backend = _pages()
    pattern = backend.make_key(KEY_MARK).replace(KEY_MARK, f"{KEY_MARK}*")
    if hasattr(backend, "_cache") and hasattr(backend._cache, "get_client"):  # Redis
        try:
            client = backend._cache.get_client(write=True)
            keys = list(client.scan_iter(match=pattern, count=1000))
            for start in range(0, len(keys), 1000):
                client.delete(*keys[start : start + 1000])
        except Exception as error:  # a cache that is down keeps nothing new; its entries expire
            logger.warning("kept pages could not be forgotten: %s", error)
        return
    table = connections["default"].ops.quote_name(backend._table)
    with connections["default"].cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE cache_key LIKE %s", [pattern.replace("*", "%")])


def _key(*parts) -> str:
    # Parts are plain values: an object's repr (an address) would make a new key every time.
    assert all(isinstance(part, str | int | bool | None) for part in parts), parts
    digest = hashlib.sha256("\x1f".join(str(part) for part in parts).encode()).hexdigest()
    return f"{KEY_MARK}{digest}"


def fragment(*key_parts, depends_on: Iterable[str], render: Callable[[], object]):
    """`render()`'s result, kept for `key_parts` and the versions of `depends_on`."""
    if not _enabled():
        return render()
    key = _key("fragment", *versions(depends_on), *key_parts)
    found = _pages().get(key)
    if found is None:
        found = render()
        _pages().set(key, found, timeout=settings.PAGE_CACHE_SECONDS)
    return found


def for_this_reader(request: HttpRequest, *key_parts, depends_on: Iterable[str], render: Callable[[], object]):
    """`render()`'s result kept for this reader's session (it may hold their buttons, their
    CSRF token, what only they may see) and `key_parts`; rendered every time for a reader
    without a session. It depends on the reader's own version too (member:<id>)."""
    reader = request.session.session_key if request.user.is_authenticated else None
    if reader is None:
        return render()
    depends_on = (*depends_on, *reader_names(request.user.pk))
    # The user too: a session that changes hands (a moderator viewing as a member) is a new reader.
    return fragment("reader", reader, request.user.pk, *key_parts, depends_on=depends_on, render=render)


def reader_names(user_id: int) -> tuple[str, ...]:
    """What a member's own copy of any page depends on beyond the page's names: their header
    (name, unread count, the reps' queue link and the moderators' reports link with their
    counts) and their permissions. Both counts ride on every member's copy, as the header is
    one fragment per member: queue and reports changes are rarer than the reads they cost."""
    return ("roles", "queue", "reports", f"member:{user_id}")


def _whose_copy(request: HttpRequest) -> tuple | None:
    """Whose kept copy of a page this request may be served: a visitor's, shared by every
    visitor; a member's own; or None when the page must be rendered for this request."""
    if not _enabled() or request.method not in ("GET", "HEAD") or getattr(request, "htmx", False):
        return None
    # A message waiting ("You have signed out", "Your answer is posted") belongs on the page
    # rendered for it: in the messages cookie, or in the session when the cookie was too small.
    if "messages" in request.COOKIES:
        return None
    if not request.user.is_authenticated:
        return ("visitor",)
    if "_messages" in request.session:
        return None
    # A member's page holds their CSRF token, whose secret is their csrftoken cookie.
    csrf_cookie = request.COOKIES.get(settings.CSRF_COOKIE_NAME, "")
    return ("member", request.session.session_key, request.user.pk, csrf_cookie)


def _keepable(response: HttpResponse, request: HttpRequest, whose: tuple) -> bool:
    """A plain 200 HTML page that says nothing to the browser but its content. A visitor's
    copy, shared, must hold no token and set no cookie at all; a member's may re-send the
    CSRF cookie they already have (Django does on every page with a form)."""
    if (
        response.status_code != 200
        or response.streaming
        or not response.get("Content-Type", "").startswith("text/html")
        or "no-store" in response.get("Cache-Control", "")
    ):
        return False
    if whose[0] == "visitor":
        return (
            not response.cookies
            and "private" not in response.get("Cache-Control", "")
            and b"csrfmiddlewaretoken" not in response.content
        )
    csrf_cookie = whose[3]
    return all(
        name == settings.CSRF_COOKIE_NAME and morsel.value == csrf_cookie for name, morsel in response.cookies.items()
    )


def page_key(path: str, whose: tuple, depends_on: Iterable[str]) -> str:
    """The key of the kept copy of the page at `path` for `whose` (_whose_copy)."""
    names = (*LAYOUT, *depends_on, *(reader_names(whose[2]) if whose[0] == "member" else ()))
    return _key("page", *versions(names), path, *whose)


def kept_page(
    view=None, *, depends_on: Callable[..., Iterable[str]] = lambda request, *args, **kwargs: (), on_hit=None
):
    """Serve a page rendered once per address and versions: to visitors, one copy shared by
    all; to a member, their own (per session, user and CSRF cookie), since it holds their
    name, votes, buttons and token. `depends_on(request, *args, **kwargs)` names what the
    page shows beyond the layout (LAYOUT, and reader_names for a member's copy).
    `on_hit(request, *args, **kwargs)` runs on every request served from the cache too
    (counting a view)."""

    def decorate(view):
        @wraps(view)
        def serve(request: HttpRequest, *args, **kwargs):
            whose = _whose_copy(request)
            if whose is None:
                return view(request, *args, **kwargs)
            key = page_key(request.get_full_path(), whose, depends_on(request, *args, **kwargs))
            kept = _pages().get(key)
            if kept is not None:
                if on_hit is not None:
                    on_hit(request, *args, **kwargs)
                content, content_type = kept
                return HttpResponse(content, content_type=content_type)
            token = _changes_at.set(None)
            try:
                response = view(request, *args, **kwargs)
                keep_for = _seconds_to_keep(_changes_at.get())
            finally:
                _changes_at.reset(token)
            if keep_for and _keepable(response, request, whose):
                _pages().set(key, (response.content, response["Content-Type"]), timeout=keep_for)
            return response

        return serve

    return decorate(view) if view is not None else decorate
