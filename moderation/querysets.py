"""Reads for the reports queue and the moderation log: each page costs the same number
of queries however many reports it shows."""

from datetime import timedelta

from django.db.models import Count, Exists, Min, OuterRef, Prefetch, Q, Sum
from django.utils import timezone

from accounts.permissions import carries_verified_badge
from forum.models import Post
from moderation.models import FirstLook, Flag, LogEntry, ReviewRequest, SuspiciousVoting

OPEN = Flag.Status.OPEN


# The queue's age filter (ReportFilterForm.AGES): flagged within, or waiting over.
AGES = {
    "hour": ("newer", timedelta(hours=1)),
    "day": ("older", timedelta(days=1)),
    "week": ("older", timedelta(days=7)),
}


def flagged_posts(*, reason: str | None = None, tag: str | None = None, age: str | None = None):
    """Posts with open flags, personal data first (a privacy report waits for no one), then
    the oldest report first, with their open flags and flaggers. `age` (a key of AGES)
    keeps those first flagged within the last hour, or waiting over a day or a week."""
    open_flags = (
        Flag.objects.filter(status=OPEN)
        .select_related("flagger")
        .annotate(flagger_is_verified=carries_verified_badge("flagger_id"))
        .order_by("reason", "created_at", "pk")  # grouped by reason on the page
    )
    posts = Post.objects.filter(flags__status=OPEN)
    if reason:
        # A subquery, not a second join on flags: that would count each flag's weight once per
        # flag of the reason.
        posts = posts.filter(Exists(Flag.objects.filter(post=OuterRef("pk"), status=OPEN, reason=reason)))
    if tag:
        posts = posts.filter(thread__tags__slug=tag)
    if age:
        # By the oldest open flag, as the queue orders: "waiting over a day" means its first.
        direction, span = AGES[age]
        older = Exists(Flag.objects.filter(post=OuterRef("pk"), status=OPEN, created_at__lt=timezone.now() - span))
        posts = posts.filter(older) if direction == "older" else posts.exclude(older)
    return (
        posts.distinct()
        .select_related("thread", "author", "report_claim__moderator")
        .annotate(
            author_is_verified=carries_verified_badge("author_id"),
            first_flagged_at=Min("flags__created_at", filter=Q(flags__status=OPEN)),
            flag_weight=Sum("flags__weight", filter=Q(flags__status=OPEN)),
            personal_data=Exists(
                Flag.objects.filter(post=OuterRef("pk"), status=OPEN, reason=Flag.Reason.PERSONAL_DATA)
            ),
        )
        .prefetch_related(
            Prefetch("flags", queryset=open_flags, to_attr="open_flags"),
            # Whether each author holds a role (who may suspend them: check_can_suspend).
            "author__groups",
            "author__user_permissions",
        )
        .order_by("-personal_data", "first_flagged_at", "pk")
    )


def waiting_count() -> int:
    """What waits for a moderator: posts with open flags, review requests, first looks and
    voting records (the reports queue's four lists). Four counts, whatever their sizes; the
    header keeps the total per "reports" version (moderation_tags.reports_link)."""
    return (
        Post.objects.filter(flags__status=OPEN).distinct().count()
        + ReviewRequest.objects.filter(resolved_at=None).count()
        + FirstLook.objects.filter(looked_at=None).count()
        + SuspiciousVoting.objects.filter(reviewed_at=None).count()
    )


def accuracy_by_user(user_ids) -> dict[int, tuple[int, int]]:
    """{user id: (upheld, decided)} as flaggers, in one query."""
    rows = (
        Flag.objects.filter(flagger_id__in=set(user_ids))
        .values("flagger_id")
        .annotate(
            upheld=Count("pk", filter=Q(status=Flag.Status.UPHELD)),
            decided=Count("pk", filter=Q(status__in=[Flag.Status.UPHELD, Flag.Status.DISMISSED])),
        )
    )
    return {row["flagger_id"]: (row["upheld"], row["decided"]) for row in rows}


def upheld_against(author_ids) -> dict[int, int]:
    """{author id: how many flags on their posts moderators upheld}, in one query."""
    rows = (
        Flag.objects.filter(post__author_id__in=set(author_ids), status=Flag.Status.UPHELD)
        .values("post__author_id")
        .annotate(count=Count("pk"))
    )
    return {row["post__author_id"]: row["count"] for row in rows}


def posts_to_confirm(ids):
    """The posts a bulk decision is about, for its confirmation page."""
    return Post.objects.filter(pk__in=ids).select_related("thread", "author").order_by("pk")


def flags_by(user):
    return Flag.objects.filter(flagger=user).select_related("post__thread").order_by("-created_at", "-pk")


def open_voting_records():
    return (
        SuspiciousVoting.objects.filter(reviewed_at=None)
        .select_related("voter", "author")
        .annotate(
            voter_is_verified=carries_verified_badge("voter_id"), author_is_verified=carries_verified_badge("author_id")
        )
        .order_by("detected_at")
    )


def pending_first_looks():
    return (
        FirstLook.objects.filter(looked_at=None)
        .select_related("post__thread", "post__author")
        .annotate(author_is_verified=carries_verified_badge("post__author_id"))
        .order_by("-held", "created_at", "pk")  # what is not public yet first
    )


def open_review_requests():
    return (
        ReviewRequest.objects.filter(resolved_at=None)
        .select_related("post__thread", "post__author")
        .annotate(author_is_verified=carries_verified_badge("post__author_id"))
    )


def log_entries(*, action: str | None = None, moderator: str | None = None, post: int | None = None):
    entries = LogEntry.objects.select_related("actor", "member", "thread", "post")
    if post:
        entries = entries.filter(post_id=post)
    if action:
        entries = entries.filter(action=action)
    if moderator:
        entries = entries.filter(actor__username=moderator)
    return entries
