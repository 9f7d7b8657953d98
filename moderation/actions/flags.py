"""Members' flags: weight, accuracy, and the hides that wait for a moderator.

Members' flags never suppress criticism (docs/design.md, "Moderation"):
- only spam flags hide a post automatically, and only those of proven flaggers (enough of
  their flags decided, mostly upheld): fresh accounts, however many, hide nothing;
- a post that criticises the company (moderation/criticism.py) is never hidden
  automatically, whatever it is flagged as;
- every other reason (abuse, rude, off-topic, other) goes to the moderators, and the post
  stays up until one decides;
- a personal-data report from a trusted member, a rep or the author holds the post's text
  at once, pending a moderator's check, at the top of the reports queue.
Either hide tells the moderators (a notification to everyone who moderates)."""

from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from accounts.permissions import holders_of
from config import events, pagecache
from forum import locking
from forum import permissions as forum_permissions
from forum.conf import conf as forum_conf
from forum.models import Post
from forum.notification_batches import notify_in_batch
from moderation import permissions
from moderation.actions import log
from moderation.actions.tombstones import set_hidden, tell_author
from moderation.conf import conf
from moderation.criticism import criticises_the_company
from moderation.models import Flag, LogEntry
from responses.actions import request_official_response

# The one reason members' flags may hide a post for, pending review.
AUTO_HIDE_REASON = Flag.Reason.SPAM


def flagger_accuracy(user: User) -> tuple[int, int]:
    """(upheld, decided) over the member's flags that moderators have decided."""
    counts = Flag.objects.filter(flagger=user).aggregate(
        upheld=Count("pk", filter=Q(status=Flag.Status.UPHELD)),
        decided=Count("pk", filter=Q(status__in=[Flag.Status.UPHELD, Flag.Status.DISMISSED])),
    )
    return counts["upheld"], counts["decided"]


def is_proven_flagger(user: User, *, record: tuple[int, int] | None = None) -> bool:
    """Enough of the member's flags decided (FLAG_ACCURACY_MIN_DECIDED), and mostly upheld
    (FLAG_ACCURACY_GOOD): only their spam flags count towards an automatic hide, and their
    flags weigh one more. `record`: flagger_accuracy(user), when the caller has it."""
    upheld, decided = record or flagger_accuracy(user)
    return decided >= conf.FLAG_ACCURACY_MIN_DECIDED and upheld / decided >= conf.FLAG_ACCURACY_GOOD


def holds_personal_data(user: User, post: Post) -> bool:
    """Whose personal-data report holds a post's text at once: its author's own, a rep's or a
    lead's (the company keeps its customers' data out of public view), or a trusted flagger's
    (moderation/standing.py). Not a rep's on a post that criticises the company: that one
    waits for a moderator like any other report, so no hold can bury criticism."""
    if user.pk == post.author_id:
        return True
    if forum_permissions.speaks_for_the_company(user):
        return not criticises_the_company(post)
    try:
        standing = permissions.check_standing_to_flag(user, fresh=True)
    except PermissionDenied:
        return False
    return standing.reputation >= forum_conf.PRIVILEGES["trusted_flagger"]


def flag_weight(user: User, *, record: tuple[int, int] | None = None) -> int:
    """1, or 2 for a trusted flagger (reputation given by other members); one more for a
    record of mostly upheld flags, one less for mostly dismissed ones, once enough of them
    are decided; 0 without the standing to flag (moderation/standing.py).

    Reps and leads (without the moderator role) weigh 0: their flags reach the moderators
    but never hide a post by themselves, so the company cannot bury criticism with flags.
    `record`: flagger_accuracy(user), when the caller has it."""
    if not permissions.flags_can_hide(user):
        return 0
    try:
        # Fresh from the ledger, not the request's copy: only what other members gave counts.
        standing = permissions.check_standing_to_flag(user, fresh=True)
    except PermissionDenied:
        return 0  # made without the page's check (or the standing fell since): no weight
    weight = 2 if standing.reputation >= forum_conf.PRIVILEGES["trusted_flagger"] else 1
    upheld, decided = record = record or flagger_accuracy(user)
    if is_proven_flagger(user, record=record):
        weight += 1
    elif decided >= conf.FLAG_ACCURACY_MIN_DECIDED and upheld / decided <= conf.FLAG_ACCURACY_POOR:
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
    record = flagger_accuracy(flagger)  # one query for the weight and the proof both
    weight = flag_weight(flagger, record=record)
    counts_towards_hide = reason == AUTO_HIDE_REASON and weight > 0 and is_proven_flagger(flagger, record=record)
    flag = Flag.objects.create(
        post=post,
        flagger=flagger,
        reason=reason,
        note=note,
        weight=weight,
        counts_towards_hide=counts_towards_hide,
        created_at=now,
    )
    # Their own thread page says they flagged it; the moderators' header counts the reports.
    pagecache.changed(f"member:{flagger.pk}", "reports")
    events.publish("flag.created", lambda: events.flag_payload(flag))
    if reason == Flag.Reason.PERSONAL_DATA:
        _hold_for_personal_data(post=post, flagger=flagger, now=now)
    elif not post.is_hidden and counts_towards_hide:
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
    """Hide the post pending review once its proven flaggers' open spam flags weigh
    FLAG_HIDE_WEIGHT: never a post the company speaks in, never criticism of the company."""
    hiding = Flag.objects.filter(post=post, status=Flag.Status.OPEN, counts_towards_hide=True)
    weight = hiding.aggregate(total=Sum("weight"))["total"] or 0
    if weight < conf.FLAG_HIDE_WEIGHT or not permissions.flags_may_hide(post) or criticises_the_company(post):
        return
    set_hidden(post, hidden_reason="spam", hidden_by=Post.HiddenBy.FLAGS, now=now)
    log.record(actor=None, action=LogEntry.Action.AUTO_HIDE, post=post, reason="spam", at=now)
    tell_author(
        post,
        f"Your post on “{post.thread.title}” is hidden after members flagged it as spam; a moderator will review "
        "it. You can still read and edit it",
    )
    _tell_moderators(post, f"Members' spam flags hid a post on “{post.thread.title}”: review it")


def _hold_for_personal_data(*, post: Post, flagger: User, now: datetime) -> None:
    """A personal-data report: the text is held at once when the reporter's report holds it
    (holds_personal_data); either way the moderators are told, and the report tops their queue."""
    held = not post.is_hidden and holds_personal_data(flagger, post)
    if held:
        set_hidden(post, hidden_reason="personal data", hidden_by=Post.HiddenBy.PRIVACY, now=now)
        log.record(actor=None, action=LogEntry.Action.PRIVACY_HOLD, post=post, reason="personal data", at=now)
        if flagger.pk != post.author_id:
            tell_author(
                post,
                f"Your post on “{post.thread.title}” is held while a moderator checks it for personal data. "
                "You can still read and edit it",
            )
    what = "held a post" if held else "was reported"
    _tell_moderators(post, f"Personal data: a post on “{post.thread.title}” {what}; check it first")


def _tell_moderators(post: Post, text: str) -> None:
    """Everyone who moderates hears of a hide that waits for them, and of personal data."""
    moderators = list(holders_of("moderate").values_list("pk", flat=True))
    if moderators:
        notify_in_batch(
            recipient_ids=moderators,
            batch_key="reports",
            line=text,
            url=post.get_absolute_url(),
            thread=post.thread,
            heading=lambda count: f"{count} new reports need a moderator",
            batch_url=reverse("moderation:reports"),
            wait=conf.MODERATOR_EMAIL_WAIT,
        )
