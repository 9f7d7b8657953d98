"""Writes: post an announcement, pin and unpin it, raise and clear the incident banner, and
beat's expiry of both. Each is one transaction; check announcements.permissions first.

Every write bumps the pages' "announcements" version (and the announcement's own page's)
when it commits (config/pagecache.py), so kept pages show a new pin or banner, and drop an
ended one, at once."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from accounts.models import User
from announcements.models import IncidentBanner, Pin
from config import pagecache
from forum import actions as forum_actions
from forum.models import Thread


@dataclass(frozen=True)
class BannerRequest:
    """An incident banner to raise with a new announcement."""

    text: str
    clears_at: datetime


@transaction.atomic
def post_announcement(
    *,
    author: User,
    title: str,
    body: str,
    tags: Sequence[str],
    pinned_until: datetime | None = None,
    banner: BannerRequest | None = None,
    comments_allowed: bool = True,
    now: datetime | None = None,
) -> Thread:
    """A thread of kind announcement, which members answer like any thread; pinned until
    `pinned_until` when given, and with an incident banner linking to it when asked. The same
    announcement sent twice within DUPLICATE_SUBMIT_WINDOW (a double click) returns the first
    thread as it is, pinning and raising nothing more."""
    now = now or timezone.now()
    thread = forum_actions.ask_question(
        author=author, title=title, body=body, tags=tags, kind=Thread.Kind.ANNOUNCEMENT, now=now
    )
    if thread.created_at != now:
        return thread
    if not comments_allowed:
        set_comments(thread=thread, allowed=False)
    if pinned_until is not None:
        pin_announcement(thread=thread, until=pinned_until, by=author, now=now)
    if banner is not None:
        raise_banner(thread=thread, text=banner.text, clears_at=banner.clears_at, by=author, now=now)
    return thread


@transaction.atomic
def pin_announcement(*, thread: Thread, until: datetime, by: User, now: datetime | None = None) -> Pin:
    """Pin `thread` (an announcement: permissions.check_can_feature) until `until`, which is
    later than `now`. A live pin takes the new end and keeps its start; an ended pin starts
    over. Pinning with the end it already has changes nothing."""
    now = now or timezone.now()
    pin = Pin.objects.select_for_update().filter(thread=thread).first()
    if pin is None or pin.pinned_until != until or not pin.is_live(now):
        pagecache.changed("announcements", f"thread:{thread.pk}")
    if pin is None:
        return Pin.objects.create(thread=thread, pinned_by=by, pinned_at=now, pinned_until=until)
    if pin.is_live(now):
        if pin.pinned_until == until:
            return pin
        pin.pinned_until = until
        pin.save(update_fields=["pinned_until"])
        return pin
    pin.pinned_by, pin.pinned_at, pin.pinned_until = by, now, until
    pin.unpinned_at = pin.unpinned_by = None
    pin.save(update_fields=["pinned_by", "pinned_at", "pinned_until", "unpinned_at", "unpinned_by"])
    return pin


def set_comments(*, thread: Thread, allowed: bool) -> bool:
    """Turn an announcement's comments on or off; False (and nothing written) when they
    already were. What was said stays; off, nobody answers or replies (forum's permissions)."""
    changed = Thread.objects.filter(pk=thread.pk, comments_closed=allowed).update(comments_closed=not allowed)
    if changed:
        pagecache.changed("threads", f"thread:{thread.pk}")
    return bool(changed)


@transaction.atomic
def unpin_announcement(*, thread: Thread, by: User, now: datetime | None = None) -> bool:
    """End `thread`'s pin now. Returns False (and writes nothing) when it was not pinned."""
    now = now or timezone.now()
    pin = Pin.objects.select_for_update().live(now).filter(thread=thread).first()
    if pin is None:
        return False
    pin.unpinned_at, pin.unpinned_by = now, by
    pin.save(update_fields=["unpinned_at", "unpinned_by"])
    pagecache.changed("announcements", f"thread:{thread.pk}")
    return True


@transaction.atomic
def raise_banner(
    *, thread: Thread, text: str, clears_at: datetime, by: User, now: datetime | None = None
) -> IncidentBanner:
    """Show `text` at the top of every page, linking to `thread` (an announcement:
    permissions.check_can_feature), until `clears_at` (later than `now`) or until a rep
    clears it. The banner showing before is cleared: one at a time. Raising the banner
    that is showing again, word for word, changes nothing."""
    now = now or timezone.now()
    for old in IncidentBanner.objects.select_for_update().uncleared():
        if old.is_showing(now) and (old.thread_id, old.text, old.clears_at) == (thread.pk, text, clears_at):
            return old
        # One past its time that beat has not reached yet ended then, not now.
        old.cleared_at = min(now, old.clears_at)
        old.cleared_by = by if old.clears_at > now else None
        old.save(update_fields=["cleared_at", "cleared_by"])
    pagecache.changed("announcements", f"thread:{thread.pk}")
    return IncidentBanner.objects.create(thread=thread, text=text, raised_by=by, raised_at=now, clears_at=clears_at)


@transaction.atomic
def clear_banner(*, banner: IncidentBanner, by: User, now: datetime | None = None) -> bool:
    """Take the banner down now. Returns False (and writes nothing) when it was not showing:
    cleared already, or past its time (beat's task writes that end)."""
    now = now or timezone.now()
    banner = IncidentBanner.objects.select_for_update().showing(now).filter(pk=banner.pk).first()
    if banner is None:
        return False
    banner.cleared_at, banner.cleared_by = now, by
    banner.save(update_fields=["cleared_at", "cleared_by"])
    pagecache.changed("announcements", f"thread:{banner.thread_id}")
    return True


@transaction.atomic
def expire_pins_and_banners(*, now: datetime) -> tuple[int, int]:
    """Write the end of every pin and banner whose time has run out (at that time, by
    nobody): beat's every minute. Reads never show them past their time anyway; this write
    bumps "announcements" and the announcements' pages, which show the end. Set-based
    UPDATEs, idempotent by their own predicate: a second run, or one running at the same
    time, finds nothing left. A run with nothing due writes and bumps nothing.
    Returns (pins, banners) ended."""
    due_pins, due_banners = Pin.objects.due(now), IncidentBanner.objects.due(now)
    threads = {*due_pins.values_list("thread_id", flat=True), *due_banners.values_list("thread_id", flat=True)}
    if not threads:
        return 0, 0
    pins = due_pins.update(unpinned_at=F("pinned_until"))
    banners = due_banners.update(cleared_at=F("clears_at"))
    pagecache.changed("announcements", *(f"thread:{pk}" for pk in threads))
    return pins, banners
