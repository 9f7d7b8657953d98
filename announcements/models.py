"""Announcements are threads of kind `announcement` (forum.Thread); what this app adds is the
time they are pinned for, and the site-wide incident banner that links to one.

Both end by time without anyone acting: reads filter by the clock (querysets.py), so a pin
past its time is not shown even before beat's task writes its end (actions.expire_pins_and_banners),
and the write bumps the pages' "announcements" version so that kept pages drop it too."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from announcements.querysets import IncidentBannerQuerySet, PinQuerySet


class Pin(models.Model):
    """An announcement pinned at the top of `/` and of its tags' pages until `pinned_until`.
    One row per announcement: pinning it again after it ended starts the same row over."""

    thread = models.OneToOneField("forum.Thread", on_delete=models.CASCADE, related_name="pin")
    pinned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    pinned_at = models.DateTimeField(default=timezone.now)
    pinned_until = models.DateTimeField()
    # When the pin ended: by hand (unpinned_by set), or at pinned_until (unpinned_by empty,
    # written by beat's task).
    unpinned_at = models.DateTimeField(null=True, blank=True)
    unpinned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = PinQuerySet.as_manager()

    class Meta:
        ordering = ["-pinned_at", "-pk"]
        indexes = [
            # The pinned block and beat's task read only the pins that have not ended.
            models.Index(fields=["pinned_until"], condition=models.Q(unpinned_at=None), name="pin_live_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(pinned_until__gt=models.F("pinned_at")), name="pin_ends_later"),
        ]

    def __str__(self) -> str:
        return f"{self.thread_id} pinned until {self.pinned_until:%Y-%m-%d %H:%M}"

    def is_live(self, now) -> bool:
        """Shown now: not unpinned, and its time has not run out. PinQuerySet.live() is the twin."""
        return self.unpinned_at is None and self.pinned_until > now


class IncidentBanner(models.Model):
    """A line at the top of every page ("Some hubs in the north are offline") linking to the
    announcement that explains it, until `clears_at` or until a rep clears it. At most one is
    showing: raising a new one clears the one before (and the database refuses two)."""

    thread = models.ForeignKey("forum.Thread", on_delete=models.CASCADE, related_name="incident_banners")
    text = models.CharField(max_length=200)
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    raised_at = models.DateTimeField(default=timezone.now)
    clears_at = models.DateTimeField()
    # By hand (cleared_by set), by a newer banner (cleared_by its raiser), or at clears_at
    # (cleared_by empty, written by beat's task).
    cleared_at = models.DateTimeField(null=True, blank=True)
    cleared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = IncidentBannerQuerySet.as_manager()

    class Meta:
        ordering = ["-raised_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(clears_at__gt=models.F("raised_at")), name="banner_clears_later"),
            # One uncleared banner at most: a unique index over a constant, for those rows only.
            models.UniqueConstraint(
                models.Value(1), condition=models.Q(cleared_at=None), name="one_incident_banner_uncleared"
            ),
        ]

    def __str__(self) -> str:
        return self.text

    def is_showing(self, now) -> bool:
        """On every page now. IncidentBannerQuerySet.showing() is the twin."""
        return self.cleared_at is None and self.clears_at > now
