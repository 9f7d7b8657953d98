"""Reads of pins and banners. Every one takes `now`: what shows is decided by the clock, not
by whether beat's task has run yet."""

from __future__ import annotations

from datetime import datetime

from django.db import models


class PinQuerySet(models.QuerySet):
    def live(self, now: datetime) -> PinQuerySet:
        """Pins that have not ended: not unpinned, and their time has not run out (Pin.is_live)."""
        return self.filter(unpinned_at=None, pinned_until__gt=now)

    def due(self, now: datetime) -> PinQuerySet:
        """Pins whose time has run out but whose end is not written yet (beat's task writes it)."""
        return self.filter(unpinned_at=None, pinned_until__lte=now)

    def shown(self, *, now: datetime, tag_slug: str | None = None) -> PinQuerySet:
        """The pinned block of `/` (every live pin) or of a tag's page (the pins of
        announcements carrying the tag), newest pin first, with their threads. A withdrawn
        announcement is in no list, so in no block either."""
        from forum.models import Thread

        pins = self.live(now).filter(thread__withdrawn_at=None)
        if tag_slug:
            pins = pins.filter(thread__in=Thread.objects.tagged(tag_slug).values("pk"))
        return pins.select_related("thread").order_by("-pinned_at", "-pk")


class IncidentBannerQuerySet(models.QuerySet):
    def showing(self, now: datetime) -> IncidentBannerQuerySet:
        """The banner on every page: not cleared, and its time has not come (IncidentBanner.is_showing)."""
        return self.filter(cleared_at=None, clears_at__gt=now)

    def uncleared(self) -> IncidentBannerQuerySet:
        """The banner raising a new one clears (at most one row: the database sees to it),
        showing or past its time but not yet cleared by beat's task."""
        return self.filter(cleared_at=None)

    def due(self, now: datetime) -> IncidentBannerQuerySet:
        return self.filter(cleared_at=None, clears_at__lte=now)


def announcements():
    """Every announcement the lists show (not withdrawn), newest first."""
    from forum.models import Thread

    return Thread.objects.listed().filter(kind=Thread.Kind.ANNOUNCEMENT).newest()


def with_live_pin(threads, *, now: datetime):
    """`threads` with `pinned_until`: the end of each one's live pin, None when it has none."""
    from announcements.models import Pin

    live = Pin.objects.live(now).filter(thread=models.OuterRef("pk")).values("pinned_until")[:1]
    return threads.annotate(pinned_until=models.Subquery(live))
