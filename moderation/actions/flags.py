"""Members' flags: weight, accuracy, and the hide that waits for a moderator."""

from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone

from accounts.models import User
from config import events
from forum import locking
from forum.models import PENDING_REVIEW, Post
from moderation import permissions
from moderation.actions import log
from moderation.actions.tombstones import set_hidden, tell_author
from moderation.models import Flag, LogEntry
from responses.actions import queue_for_official_response

# Where criticism of the company lands: such flags wait for a moderator, never auto-hide.
NEVER_AUTO_HIDE = {Flag.Reason.OFF_TOPIC, Flag.Reason.OTHER}


def flagger_accuracy(user: User) -> tuple[int, int]:
    """(upheld, decided) over the member's flags that moderators have decided."""
    counts = Flag.objects.filter(flagger=user).aggregate(
        upheld=Count("pk", filter=Q(status=Flag.Status.UPHELD)),
        decided=Count("pk", filter=Q(status__in=[Flag.Status.UPHELD, Flag.Status.DISMISSED])),
    )
    return counts["upheld"], counts["decided"]


def flag_weight(user: User) -> int:
    """1, or 2 for a trusted flagger (reputation); one more for a record of mostly upheld
    flags, one less for mostly dismissed ones, once enough of them are decided.

    Reps and leads (without the moderator role) weigh 0: their flags reach the moderators
    but never hide a post by themselves, so the company cannot bury criticism with flags."""
    if not permissions.flags_can_hide(user):
        return 0
    reputation = User.objects.values_list("reputation", flat=True).get(pk=user.pk)  # fresh, not the request's copy
    weight = 2 if reputation >= settings.PRIVILEGES["trusted_flagger"] else 1
    upheld, decided = flagger_accuracy(user)
    if decided >= settings.FLAG_ACCURACY_MIN_DECIDED:
        accuracy = upheld / decided
        if accuracy >= settings.FLAG_ACCURACY_GOOD:
            weight += 1
        elif accuracy <= settings.FLAG_ACCURACY_POOR:
            weight -= 1
    return max(weight, 0)


@transaction.atomic
def flag_post(*, post: Post, flagger: User, reason: str, note: str = "", now: datetime | None = None) -> Flag:
    """Record a member's flag (one open flag per member and post: a second is a no-op).

    "Needs an official response" sends the thread to the official-response queue instead.
    Other flags may hide the post pending review once their weight reaches FLAG_HIDE_WEIGHT,
    unless they are all off-topic or other. Check permissions.check_can_flag first."""
    now = now or timezone.now()
    post = locking.lock_post_and_thread(post.pk, thread_id=post.thread_id)  # forum/locking.py's order
    existing = Flag.objects.filter(post=post, flagger=flagger, status=Flag.Status.OPEN).first()
    if existing:
        return existing
    flag = Flag.objects.create(
        post=post, flagger=flagger, reason=reason, note=note, weight=flag_weight(flagger), created_at=now
    )
    events.publish("flag.created", lambda: events.flag_payload(flag))
    if reason == Flag.Reason.NEEDS_OFFICIAL:
        queue_for_official_response(thread=post.thread, by=flagger, now=now)
        Flag.objects.filter(pk=flag.pk).update(status=Flag.Status.ROUTED, resolved_at=now)
        flag.refresh_from_db()
        return flag
    if not post.is_hidden:
        _hide_if_flagged_enough(post=post, now=now)
    return flag


def _hide_if_flagged_enough(*, post: Post, now: datetime) -> None:
    hiding = Flag.objects.filter(post=post, status=Flag.Status.OPEN).exclude(reason__in=NEVER_AUTO_HIDE)
    weight = hiding.aggregate(total=Sum("weight"))["total"] or 0
    if weight < settings.FLAG_HIDE_WEIGHT:
        return
    reasons = sorted({Flag.Reason(reason).label.lower() for reason in hiding.values_list("reason", flat=True)})
    hidden_reason = f"{PENDING_REVIEW}: flagged as {', '.join(reasons)}"
    set_hidden(post, hidden_reason=hidden_reason, now=now)
    log.record(actor=None, action=LogEntry.Action.AUTO_HIDE, post=post, reason=hidden_reason, at=now)
    tell_author(post, f"Your post on “{post.thread.title}” is hidden {hidden_reason}; a moderator will look at it")
