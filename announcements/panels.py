"""Announcements on forum's pages (slots: forum/panels.py): the pinned announcements above
the home page's and a tag page's questions, and on an announcement's own page what it is,
with the reps' pin and banner controls.

The pins are read once per content version (config/pagecache.py) as plain data, and
filtered by the clock every time they are shown: a pin past its time is gone at once,
before beat's task writes its end (which then moves the version)."""

from django.conf import settings
from django.template import Context
from django.utils import timezone

from announcements import permissions
from announcements.forms import BannerForm, PinForm
from announcements.models import IncidentBanner, Pin
from config import pagecache
from config.paging import page_number
from forum.models import Thread
from forum.panels import HOME_ABOVE_LIST, TAG_ABOVE_LIST, THREAD_BEFORE_QUESTION

# The pinned block is short: the rest are on /announcements/.
PINS_SHOWN = 3
# Read a few more than shown, so that pins ending within the version's life leave a full block.
PINS_READ = PINS_SHOWN * 2


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


def pinned(page: Context, *, tag: str | None) -> dict | None:
    """Above a list's first page: the announcements pinned site-wide (`tag` None, on `/`) or
    carrying `tag` (a tag's slug)."""
    request = page.get("request")
    if request is not None and page_number(request.GET.get("page")) != 1:
        return None
    now = timezone.now()
    kept = pagecache.fragment("pinned", tag or "", render=lambda: _pins(tag))
    pins = [pin for pin in kept if pin["pinned_until"] > now]
    if not pins:
        return None
    pagecache.changes_at(min(pin["pinned_until"] for pin in pins))
    return {"pins": pins[:PINS_SHOWN], "more": len(pins) > PINS_SHOWN}


def _pinned_on_tag(page: Context, *, tag) -> dict | None:
    return pinned(page, tag=tag.slug)


def on_announcement(page: Context, *, thread: Thread) -> dict | None:
    """On an announcement's page: what it is, for everyone; for reps and leads, its pin and
    the incident banner. Nothing on other threads, and no query for anyone but reps."""
    if thread.kind != Thread.Kind.ANNOUNCEMENT:
        return None
    if not permissions.can_feature(page["user"], thread):
        return {"company_name": settings.COMPANY_NAME}
    now = timezone.now()
    return {
        "controls": True,
        "thread": thread,
        "pin": Pin.objects.live(now).filter(thread=thread).first(),
        "pin_form": PinForm(now=now),
        "showing": IncidentBanner.objects.showing(now).select_related("thread").first(),
        "banner_form": BannerForm(now=now),
    }


def register() -> None:
    THREAD_BEFORE_QUESTION.register(
        "announcements.on_announcement", template="announcements/_thread_panel.html", build=on_announcement, order=30
    )
    HOME_ABOVE_LIST.register("announcements.pinned", template="announcements/_pinned.html", build=pinned, order=10)
    TAG_ABOVE_LIST.register(
        "announcements.pinned", template="announcements/_pinned.html", build=_pinned_on_tag, order=20
    )
