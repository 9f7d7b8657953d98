"""The incident banner (every page), the pinned announcements (home and tag pages), and the
reps' pin and banner controls on an announcement's page.

The banner and the pins are read once per "announcements" version (config/pagecache.py) as
plain data, and filtered by the clock every time they are shown: a pin or banner past its time
is gone at once, before beat's task writes its end (which then bumps "announcements"), and no
kept page outlives it (pagecache.changes_at)."""

from django import template
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from announcements import permissions
from announcements.forms import BannerForm, PinForm
from announcements.models import IncidentBanner, Pin
from config import pagecache
from config.paging import page_number
from forum.models import Thread

register = template.Library()

# The pinned block is short: the rest are on /announcements/.
PINS_SHOWN = 3
# Read a few more than shown, so that pins ending within the version's life leave a full block.
PINS_READ = PINS_SHOWN * 2


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
    kept = pagecache.fragment("incident-banner", depends_on=("announcements",), render=_showing_banners)
    banners = [banner for banner in kept if banner["clears_at"] > now]
    if not banners:
        return ""
    pagecache.changes_at(banners[0]["clears_at"])
    return render_to_string("announcements/_incident_banner.html", {"banner": banners[0]})


def _pins(tag_slug: str | None) -> list[dict]:
    pins = Pin.objects.shown(now=timezone.now(), tag_slug=tag_slug)[:PINS_READ]
    return [
        {
            "title": pin.thread.title,
            "url": pin.thread.get_absolute_url(),
            "posted_at": pin.thread.created_at,
            "pinned_until": pin.pinned_until,
        }
        for pin in pins
    ]


@register.simple_tag(takes_context=True)
def pinned_announcements(context, tag=None) -> str:
    """Above a list's first page: the announcements pinned site-wide (`tag` None, on `/`) or
    carrying `tag` (a tag's slug)."""
    request = context.get("request")
    if request is not None and page_number(request.GET.get("page")) != 1:
        return ""
    now = timezone.now()
    kept = pagecache.fragment("pinned", tag or "", depends_on=("announcements", "threads"), render=lambda: _pins(tag))
    pins = [pin for pin in kept if pin["pinned_until"] > now]
    if not pins:
        return ""
    pagecache.changes_at(min(pin["pinned_until"] for pin in pins))
    context = {"pins": pins[:PINS_SHOWN], "more": len(pins) > PINS_SHOWN}
    return render_to_string("announcements/_pinned.html", context)


@register.simple_tag(takes_context=True)
def announcement_controls(context, thread: Thread) -> str:
    """On an announcement's page: what it is, for everyone; for reps and leads, its pin and
    the incident banner. Nothing on other threads, and no query for anyone but reps."""
    if thread.kind != Thread.Kind.ANNOUNCEMENT:
        return ""
    user = context["user"]
    if not permissions.can_feature(user, thread):
        return render_to_string("announcements/_note.html", {"company_name": settings.COMPANY_NAME})
    now = timezone.now()
    showing = IncidentBanner.objects.showing(now).select_related("thread").first()
    controls = {
        "thread": thread,
        "pin": Pin.objects.live(now).filter(thread=thread).first(),
        "pin_form": PinForm(now=now),
        "showing": showing,
        "banner_form": BannerForm(now=now),
        "csrf_token": context.get("csrf_token"),
    }
    return render_to_string("announcements/_controls.html", controls)


@register.filter
def can_post_announcement(user) -> bool:
    return permissions.can_post_announcement(user)
