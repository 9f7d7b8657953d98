"""The incident banner (every page: templates/base.html), and who may post an announcement.
Announcements' pieces of forum's pages are panels (announcements/panels.py).

The banner is read once per content version (config/pagecache.py) as plain data, and
filtered by the clock every time it is shown: a banner past its time is gone at once,
before beat's task writes its end (which then moves the version)."""

from django import template
from django.template.loader import render_to_string
from django.utils import timezone

from announcements import permissions
from announcements.models import IncidentBanner
from config import pagecache

register = template.Library()


def _showing_banners() -> list[dict]:
    """The banner showing now, as plain values (kept in the cache); an empty list for none,
    which the cache keeps too (it would read again on every page for None)."""
    banner = IncidentBanner.objects.showing(timezone.now()).select_related("thread").first()
    if banner is None:
        return []
    return [
        {
            "text": banner.text,
            "url": banner.thread.get_absolute_url(),
            "title": banner.thread.title,
            "raised_at": banner.raised_at,
            "clears_at": banner.clears_at,
        }
    ]


@register.simple_tag(takes_context=True)
def incident_banner(context) -> str:
    # Not on Django's error pages: 400 and 500 are rendered without a request (the database may
    # be what failed), 403 and 404 with the `exception`. Bots hammer addresses that do not
    # exist, and a 404 costs no query (tests/platform/test_input_limits.py).
    if context.get("request") is None or "exception" in context:
        return ""
    now = timezone.now()
    kept = pagecache.fragment("incident-banner", render=_showing_banners)
    banners = [banner for banner in kept if banner["clears_at"] > now]
    if not banners:
        return ""
    pagecache.changes_at(banners[0]["clears_at"])
    return render_to_string("announcements/_incident_banner.html", {"banner": banners[0]})


@register.filter
def can_post_announcement(user) -> bool:
    return permissions.can_post_announcement(user)
