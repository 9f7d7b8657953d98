"""Suspending a member: they read, but write nothing, until the time is up."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format

from accounts.models import SUSPENDED_FOR_GOOD, User
from config import pagecache
from forum.notifications import notify
from moderation.actions import log
from moderation.models import LogEntry


@transaction.atomic
def suspend_member(*, member: User, by: User, until: datetime, reason: str, now: datetime | None = None) -> None:
    """Suspend until `until` (replacing any earlier suspension). Check permissions first."""
    now = now or timezone.now()
    User.objects.select_for_update().filter(pk=member.pk).update(suspended_until=until, suspension_reason=reason)
    pagecache.changed(f"member:{member.pk}")  # their profile and their buttons
    when = "permanently" if until >= SUSPENDED_FOR_GOOD else f"until {date_format(until, 'DATETIME_FORMAT')}"
    log.record(actor=by, action=LogEntry.Action.SUSPEND, member=member, reason=f"{when}: {reason}", at=now)
    notify(recipient_ids=[member.pk], text=f"Your account is suspended {when}: {reason}", url=member.get_absolute_url())


@transaction.atomic
def lift_suspension(*, member: User, by: User, reason: str, now: datetime | None = None) -> None:
    now = now or timezone.now()
    if (
        not User.objects.select_for_update()
        .filter(pk=member.pk, suspended_until__gt=now)
        .update(suspended_until=None, suspension_reason="")
    ):
        return
    pagecache.changed(f"member:{member.pk}")
    log.record(actor=by, action=LogEntry.Action.LIFT_SUSPENSION, member=member, reason=reason, at=now)
    notify(recipient_ids=[member.pk], text="Your suspension is lifted", url=member.get_absolute_url())
