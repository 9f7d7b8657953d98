"""Closing the loop's part of the demo data for `make run`: a member who follows three tags
with the weekly digest on, and the reminders to accept that beat would have sent by now."""

from datetime import datetime

from taggit.models import Tag

from accounts.models import User
from reminders import actions

DIGEST_READER = "ada"
DIGEST_TAGS = ("mesh", "outage", "wifi")


def seed_reminders(*, people: dict[str, User], now: datetime) -> None:
    reader = people[DIGEST_READER]
    User.objects.filter(pk=reader.pk).update(weekly_digest=True)
    for tag in Tag.objects.filter(name__in=DIGEST_TAGS):
        actions.follow_tag(user=reader, tag=tag)
    actions.remind_askers_to_accept(now=now)
