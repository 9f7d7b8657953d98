"""Rendered pages kept in the cache, and the content version that keeps them fresh.

Every page a reader sees is a function of the database and of the reader. So the cache keys
hold a *content version*: a token that changes whenever anything the pages show changes.
Rather than trusting every action to say what it touched, the database connection itself
watches its statements (`watch_writes`, installed on every connection): an INSERT, UPDATE or
DELETE on any table but the cache's and the sessions' gives a new version when its
transaction commits. A write made anywhere (a view, an admin action, a Celery task, a shell)
is therefore on the next page anyone reads. The one write that is not news is a counted
view: it runs inside `quiet_writes()`, so that a crowd reading a thread does not empty the
cache it is reading from (view counts may lag by up to PAGE_CACHE_SECONDS).

Entries also expire after PAGE_CACHE_SECONDS (60), so relative times ("asked 3 minutes
ago", "waiting 42 minutes") are never staler than a minute.

Two uses:
- `kept_page`: whole pages, one per address and version: for visitors one copy shared by
  all, kept only if it is a plain 200 HTML page that sets no cookie and holds no CSRF token,
  so nothing of one visitor can reach another; for a member their own copy, per session,
  user and CSRF cookie. Never for an htmx request or a reader with a message waiting.
- `fragment`: a part of a page, rendered once per key and version (a thread list, shared by
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
from collections.abc import Callable
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

VERSION_KEY = "content-version"
KEY_MARK = "page:"  # every kept page and fragment's key starts so
_quiet = ContextVar("quiet_writes", default=False)
# The earliest moment at which the page being rendered changes by the clock alone.
_changes_at: ContextVar[datetime | None] = ContextVar("page_changes_at", default=None)
_migrating = False  # migrations write before the cache's own table exists
# SQLite's m2m add() is INSERT OR IGNORE INTO. Searched for anywhere in a statement that
# starts with WITH (a data-modifying common table expression) and at the start of any other.
_WRITE = re.compile(r'\b(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM|MERGE\s+INTO)\s+"?(\w+)"?', re.IGNORECASE)
# Comments before the statement: what dbshell and hand-written data fixes send.
_LEADING_COMMENTS = re.compile(r"\s*(?:/\*.*?\*/\s*|--[^\n]*(?:\n|$)\s*)*", re.DOTALL)


def _pages():
    return caches["pages"]


def _enabled() -> bool:
    return settings.PAGE_CACHE


# --- The content version -------------------------------------------------------------------


# The version as this request first read it: a page's fragments share one read of it. Only
# inside a request (request_started to request_finished); a write of the request's own moves
# it on at once (bump_content_version), another process's is seen by the next request.
_request_version: ContextVar[str | None] = ContextVar("request_version", default=None)
_in_request: ContextVar[bool] = ContextVar("in_request", default=False)


def content_version() -> str:
    """The current version; a new one when the cache has none (or is down)."""
    flush_content_changes()
    if _in_request.get() and (remembered := _request_version.get()) is not None:
        return remembered
    version = _pages().get(VERSION_KEY)
    if version is None:
        version = uuid.uuid4().hex
        _pages().add(VERSION_KEY, version, timeout=None)
    if _in_request.get():
        _request_version.set(version)
    return version


def bump_content_version() -> None:
    version = uuid.uuid4().hex
    _pages().set(VERSION_KEY, version, timeout=None)
    if _request_version.get() is not None:
        _request_version.set(version)


def request_starts(**kwargs) -> None:
    """request_started receiver (config/apps.py)."""
    _in_request.set(True)
    _request_version.set(None)


def request_ends(**kwargs) -> None:
    """request_finished receiver: the request's writes outside a transaction move the version."""
    flush_content_changes()
    _in_request.set(False)
    _request_version.set(None)


@contextmanager
def quiet_writes():
    """Writes inside this block give no new version (a counted view)."""
    token = _quiet.set(True)
    try:
        yield
    finally:
        _quiet.reset(token)


def _ignored_tables() -> set[str]:
    return set(settings.PAGE_CACHE_IGNORED_TABLES)


def written_tables(sql: str) -> list[str]:
    """The tables an INSERT, UPDATE, DELETE or MERGE writes to, comments before it allowed;
    for a WITH, every write in any of its parts (a false alarm only costs a new version).
    Empty for any other statement (SELECT, SAVEPOINT, ...)."""
    statement = sql[_LEADING_COMMENTS.match(sql).end() :]
    if statement[:4].upper() == "WITH":
        return [match.group(1) for match in _WRITE.finditer(statement)]
    match = _WRITE.match(statement)
    return [match.group(1)] if match else []


def written_table(sql: str) -> str | None:
    """The (first) table a write statement writes to; None for any other statement."""
    tables = written_tables(sql)
    return tables[0] if tables else None


def watch_writes(execute, sql, params, many, context):
    """A database execute wrapper: a statement that changes content gives a new content
    version once its transaction commits (a reader who saw the new version must see the new
    rows). Outside a transaction, and inside a test's own transaction (which never commits),
    the change is noted on the connection and the version moves before the connection's next
    statement or the next read of the version: never in the middle of this statement, whose
    results (INSERT ... RETURNING) may still be waiting to be read."""
    connection = context["connection"]
    _flush(connection)
    result = execute(sql, params, many, context)
    if _quiet.get() or _migrating or not _enabled():
        return result
    if not set(written_tables(sql)) - _ignored_tables():
        return result
    if connection.in_atomic_block and not any(block._from_testcase for block in connection.atomic_blocks):
        if not any(func is bump_content_version for _, func, _ in connection.run_on_commit):
            transaction.on_commit(bump_content_version, using=connection.alias)
    else:
        connection.content_changed = True
    return result


def _flush(connection) -> None:
    if getattr(connection, "content_changed", False):
        connection.content_changed = False
        bump_content_version()


def flush_content_changes(**kwargs) -> None:
    """Move the version for changes noted outside a transaction: before the version is read,
    and when a request or a task ends (request_finished, Celery's task_postrun)."""
    for connection in connections.all(initialized_only=True):
        _flush(connection)


def migrations_start(**kwargs) -> None:
    """pre_migrate receiver: no versions while migrations run."""
    global _migrating
    _migrating = True


def migrations_end(**kwargs) -> None:
    """post_migrate receiver: one new version for whatever the migrations changed."""
    global _migrating
    _migrating = False
    if _enabled():
        bump_content_version()


def install_write_watcher(sender, connection, **kwargs) -> None:
    """connection_created receiver (config/apps.py)."""
    if watch_writes not in connection.execute_wrappers:
        connection.execute_wrappers.append(watch_writes)


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
    """Delete every kept page and fragment, whatever its version: after an account is deleted,
    copies that show its name must not wait in the cache for their expiry (a database cache
    keeps expired rows until it culls). Rare and cheap: one DELETE, or one scan of the pages'
    keys in Redis. Call after the commit (transaction.on_commit)."""
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


def fragment(*key_parts, render: Callable[[], object]):
    """`render()`'s result, kept for this content version and `key_parts`."""
    if not _enabled():
        return render()
    key = _key("fragment", content_version(), *key_parts)
    found = _pages().get(key)
    if found is None:
        found = render()
        _pages().set(key, found, timeout=settings.PAGE_CACHE_SECONDS)
    return found


def for_this_reader(request: HttpRequest, *key_parts, render: Callable[[], object]):
    """`render()`'s result kept for this reader's session (it may hold their buttons, their
    CSRF token, what only they may see) and `key_parts`; rendered every time for a reader
    without a session."""
    reader = request.session.session_key if request.user.is_authenticated else None
    if reader is None:
        return render()
    # The user too: a session that changes hands (a moderator viewing as a member) is a new reader.
    return fragment("reader", reader, request.user.pk, *key_parts, render=render)


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


def kept_page(view=None, *, on_hit: Callable | None = None):
    """Serve a page rendered once per address and content version: to visitors, one copy
    shared by all; to a member, their own (per session, user and CSRF cookie), since it
    holds their name, votes, buttons and token. `on_hit(request, *args, **kwargs)` runs on
    every request served from the cache too (counting a view)."""

    def decorate(view):
        @wraps(view)
        def serve(request: HttpRequest, *args, **kwargs):
            whose = _whose_copy(request)
            if whose is None:
                return view(request, *args, **kwargs)
            key = _key("page", content_version(), request.get_full_path(), *whose)
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
