"""What the forum needs from moderation, the app above it: a port moderation installs.

Three rules hold for every post, vote and redaction, whoever makes them, and are moderation's
to keep, inside the forum action's transaction and under its locks:
- a new member's first post with links is queued for a moderator's first look (and marked
  "New member" on its thread until looked at: the thread page asks moderation for the mark as
  an expression, `awaiting_first_look()`, so that it is read in the same query as the posts);
- a vote is counted by the serial-vote detector, which reads the votes under the vote's locks;
- a redaction is recorded in the public moderation log; without the record it does not happen.

They are invariants, not optional reactions, so they are direct calls rather than signals
(docs/architecture.md, "Events and signals"): forum declares what it calls, moderation installs it in its
AppConfig.ready(), and forum cannot run without it: `installed()` raises
ImproperlyConfigured, and the system check forum.E020 fails at startup.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core import checks
from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True)
class Moderation:
    # screen_new_post(post): queue the post for a first look when the rules say so.
    screen_new_post: Callable[[Any], object]
    # watch_vote(voter_id=, author_id=, now=): count a vote for the serial-vote detector.
    watch_vote: Callable[..., object]
    # record_redaction(revision=, post=, by=, now=): the log entry, which must not be None.
    record_redaction: Callable[..., object]
    # awaiting_first_look(): a boolean expression, on a Post queryset, true while the post
    # waits for a moderator's first look.
    awaiting_first_look: Callable[[], Any]
    # record_edit(post=, by=, reason=, now=): someone edited another's post; a moderator's edit
    # goes in the public log.
    record_edit: Callable[..., object]


_installed: list[Moderation] = []


def install(moderation: Moderation) -> None:
    """Install moderation (from its AppConfig.ready()); installing again replaces it."""
    _installed[:] = [moderation]


def installed() -> Moderation:
    if not _installed:
        raise ImproperlyConfigured("forum needs moderation installed (moderation/apps.py: moderation_port.install).")
    return _installed[0]


def screen_new_post(post) -> None:
    installed().screen_new_post(post)


def watch_vote(*, voter_id: int, author_id: int, now: datetime) -> None:
    installed().watch_vote(voter_id=voter_id, author_id=author_id, now=now)


def record_edit(*, post, by, reason: str, now: datetime) -> None:
    installed().record_edit(post=post, by=by, reason=reason, now=now)


def awaiting_first_look():
    return installed().awaiting_first_look()


def record_redaction(*, revision, post, by, now: datetime) -> object:
    entry = installed().record_redaction(revision=revision, post=post, by=by, now=now)
    if entry is None:
        raise ImproperlyConfigured("A redaction must be recorded in the moderation log; nothing recorded it.")
    return entry


@checks.register()
def moderation_is_installed(app_configs, **kwargs) -> list[checks.CheckMessage]:
    if _installed:
        return []
    return [
        checks.Error(
            "forum's moderation port is not installed: first looks, the serial-vote detector and "
            "the redaction log would be skipped.",
            hint="Put 'moderation' in INSTALLED_APPS; its AppConfig.ready() installs it.",
            id="forum.E020",
        )
    ]
