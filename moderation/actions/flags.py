"""Members' flags: weight, accuracy, and the hide that waits for a moderator."""

from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone

from accounts.models import User
from config import events
from forum import locking
from forum.conf import conf as forum_conf
from forum.models import PENDING_REVIEW, Post
from moderation import permissions
from moderation.actions import log
from moderation.actions.tombstones import set_hidden, tell_author
from moderation.conf import conf
from moderation.models import Flag, LogEntry
from responses.actions import request_official_response

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
    """1, or 2 for a trusted flagger (reputation given by other members); one more for a
    record of mostly upheld flags, one less for mostly dismissed ones, once enough of them
    are decided; 0 without the standing to flag (moderation/standing.py).

    Reps and leads (without the moderator role) weigh 0: their flags reach the moderators
    but never hide a post by themselves, so the company cannot bury criticism with flags."""
    if not permissions.flags_can_hide(user):
        return 0
    try:
        # Fresh from the ledger, not the request's copy: only what other members gave counts.
        standing = permissions.check_standing_to_flag(user, fresh=True)
    except PermissionDenied:
        return 0  # made without the page's check (or the standing fell since): no weight
    weight = 2 if standing.reputation >= forum_conf.PRIVILEGES["trusted_flagger"] else 1
    upheld, decided = flagger_accuracy(user)
    if decided >= conf.FLAG_ACCURACY_MIN_DECIDED:
        accuracy = upheld / decided
        if accuracy >= conf.FLAG_ACCURACY_GOOD:
            weight += 1
        elif accuracy <= conf.FLAG_ACCURACY_POOR:
            weight -= 1
    return max(weight, 0)


@transaction.atomic
def flag_post(*, post: Post, flagger: User, reason: str, note: str = "", now: datetime | None = None) -> Flag:
    """Record a member's flag (one open flag per member and post: a second is a no-op).

    "Needs an official response" is a request for an official answer instead (see
    _ask_for_official_response). Other flags may hide the post pending review once their
    weight reaches FLAG_HIDE_WEIGHT, unless they are all off-topic or other. Check
    permissions.check_can_flag_as first.

    Raises responses.actions.RequestLimitReached past OFFICIAL_REQUESTS_PER_DAY requests."""
    now = now or timezone.now()
    if reason == Flag.Reason.NEEDS_OFFICIAL:
        return _ask_for_official_response(post=post, flagger=flagger, note=note, now=now)
    post = locking.lock_post_and_thread(post.pk, thread_id=post.thread_id)  # forum/locking.py's order
    existing = Flag.objects.filter(post=post, flagger=flagger, status=Flag.Status.OPEN).first()
    if existing:
        return existing
    flag = Flag.objects.create(
        post=post, flagger=flagger, reason=reason, note=note, weight=flag_weight(flagger), created_at=now
    )
    events.publish("flag.created", lambda: events.flag_payload(flag))
    if not post.is_hidden:
        _hide_if_flagged_enough(post=post, now=now)
    return flag


def _ask_for_official_response(*, post: Post, flagger: User, note: str, now: datetime) -> Flag:
    """The flag's door to "Ask for an official answer": the same action, so the same daily
    limit, the same record and the same effect on a rep's dismissal. The flag is kept,
    routed to the reps rather than the reports queue, as the member's record of it."""
    request_official_response(thread=post.thread, by=flagger, now=now)
    flag = Flag.objects.create(
        post=post,
        flagger=flagger,
        reason=Flag.Reason.NEEDS_OFFICIAL,
        note=note,
        weight=flag_weight(flagger),
        status=Flag.Status.ROUTED,
        created_at=now,
        resolved_at=now,
    )
    events.publish("flag.created", lambda: events.flag_payload(flag))
    return flag


def _hide_if_flagged_enough(*, post: Post, now: datetime) -> None:
    hiding = Flag.objects.filter(post=post, status=Flag.Status.OPEN).exclude(reason__in=NEVER_AUTO_HIDE)
    weight = hiding.aggregate(total=Sum("weight"))["total"] or 0
    if weight < conf.FLAG_HIDE_WEIGHT or not permissions.flags_may_hide(post):
        return
    reasons = sorted({Flag.Reason(reason).label.lower() for reason in hiding.values_list("reason", flat=True)})
    hidden_reason = f"{PENDING_REVIEW}: flagged as {', '.join(reasons)}"
    set_hidden(post, hidden_reason=hidden_reason, now=now)
    log.record(actor=None, action=LogEntry.Action.AUTO_HIDE, post=post, reason=hidden_reason, at=now)
    tell_author(post, f"Your post on “{post.thread.title}” is hidden {hidden_reason}; a moderator will look at it")
