"""Announcements' part of the demo data for `make run` (config/demo.py composes the whole):
an outage announcement by a rep, pinned for a few days, with the incident banner up and two
members' replies; and an older, unpinned one about planned work. All through the actions
reps and members use."""

from datetime import datetime, timedelta

from accounts.models import User
from announcements import actions
from forum import actions as forum_actions

OUTAGE_TITLE = "Broadband outage in the north region: what we know"
OUTAGE_BODY = """Since this morning some customers in the **north region** have no broadband: the hub's light
stays amber and Wi-Fi drops every few minutes.

- **What happened**: a fibre link between two exchanges was cut during road works.
- **Who is affected**: about 2,000 homes around Northfield and Ashby.
- **What to do**: nothing on your side. Restarting the hub will not help; please leave it on so that it
  reconnects by itself.
- **When we will say more**: here, every two hours, until it is fixed.

Answer here if you are affected and outside those areas, so that we can check your line."""
BANNER_TEXT = "Broadband outage in the north region: engineers are on site."

PLANNED_TITLE = "Planned maintenance on the router app's servers on Sunday night"
PLANNED_BODY = """On Sunday between 01:00 and 03:00 the router app cannot change settings while we upgrade
its servers. Your Wi-Fi keeps working as it is; only the app's settings pages wait."""


def seed_announcements(*, people: dict[str, User], now: datetime) -> None:
    rep, lead = people["rita"], people["lena"]
    planned = actions.post_announcement(
        author=lead, title=PLANNED_TITLE, body=PLANNED_BODY, tags=["router-app"], now=now - timedelta(days=9)
    )
    forum_actions.post_answer(
        author=people["grace"],
        thread=planned,
        body="Thanks for the warning: will parental controls schedules still run that night?",
        now=now - timedelta(days=9, hours=-2),
    )

    started = now - timedelta(hours=3)
    outage = actions.post_announcement(
        author=rep,
        title=OUTAGE_TITLE,
        body=OUTAGE_BODY,
        tags=["outage", "wifi"],
        pinned_until=now + timedelta(days=3),
        banner=actions.BannerRequest(text=BANNER_TEXT, clears_at=now + timedelta(days=2)),
        now=started,
    )
    forum_actions.post_answer(
        author=people["ben"],
        thread=outage,
        body="Same here in Ashby since 7 this morning. Good to know it is not my hub, thanks.",
        now=started + timedelta(minutes=25),
    )
    forum_actions.post_answer(
        author=people["hugo"],
        thread=outage,
        body="I am in Eastbrook, not in the north, and my light is amber too. Could you check my line?",
        now=started + timedelta(minutes=50),
    )
