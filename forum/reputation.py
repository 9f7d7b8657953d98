"""The only writer of reputation.

The ledger (ReputationEvent) is the truth; User.reputation and TagReputation are caches
moved by the same delta in the same transaction. Each ledger row holds the delta actually
applied, after the daily vote cap and the floor of 1, so the caches are the ledger's sums.
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, time

from django.db import transaction
from django.db.models import F, Sum, TextField
from django.db.models.functions import Cast
from django.utils import timezone
from taggit.models import Tag

from accounts.models import User
from config import pagecache
from forum import locking
from forum.conf import conf
from forum.models import Post, ReputationEvent, TagReputation, Thread

Reason = ReputationEvent.Reason

# Reasons whose gains count against the daily cap.
VOTE_GAINS = (Reason.QUESTION_UPVOTED, Reason.ANSWER_UPVOTED)
# What a vote gives a post's author, and what a downvote costs the voter.
AUTHOR_VOTE_REASONS = (Reason.QUESTION_UPVOTED, Reason.ANSWER_UPVOTED, Reason.POST_DOWNVOTED)


def lock_users(*user_ids: int | None) -> None:
    """Lock the users' rows in one statement, by id, after any thread and posts the action
    locks (forum/locking.py has the one order). Call inside a transaction, once per action
    with every member it awards, before any award() touching them."""
    locking.lock_users(*user_ids)


def award(
    *,
    user_id: int,
    reason: Reason,
    thread: Thread,
    tags: Sequence[Tag],
    post: Post | None = None,
    actor_id: int | None = None,
    delta: int | None = None,
    is_reversal: bool = False,
    now: datetime | None = None,
) -> int:
    """Append one ledger row and move the cached totals by the same delta; returns it.

    Call inside the transaction that made the change which earns the points.
    """
    assert transaction.get_connection().in_atomic_block, "award() needs the caller's transaction"
    now = now or timezone.now()
    wanted = conf.REPUTATION_POINTS[reason] if delta is None else delta
    # Locked already by lock_users() (no key: forum/locking.py); this reads the fresh total.
    current = User.objects.select_for_update(no_key=True).values_list("reputation", flat=True).get(pk=user_id)
    if reason in VOTE_GAINS and wanted > 0 and not is_reversal:
        wanted = min(wanted, max(0, conf.REPUTATION_DAILY_VOTE_CAP - _vote_gains_today(user_id, now)))
    applied = max(current + wanted, 1) - current
    ReputationEvent.objects.create(
        user_id=user_id,
        delta=applied,
        reason=reason,
        is_reversal=is_reversal,
        actor_id=actor_id,
        post=post,
        thread=thread,
        tags=sorted(tag.name for tag in tags),
        created_at=now,
    )
    if applied:
        User.objects.filter(pk=user_id).update(reputation=F("reputation") + applied)
        _bump_tags(user_id=user_id, tags=tags, delta=applied)
        pagecache.changed(f"member:{user_id}")  # their profile, and the buttons their reputation opens
    return applied


@transaction.atomic
def adjust(*, user_id: int, delta: int, actor_id: int | None = None) -> int:
    """An administrator's correction, recorded in the ledger like every other change."""
    current = User.objects.select_for_update(no_key=True).values_list("reputation", flat=True).get(pk=user_id)
    applied = max(current + delta, 1) - current
    ReputationEvent.objects.create(user_id=user_id, delta=applied, reason=Reason.ADJUSTMENT, actor_id=actor_id)
    User.objects.filter(pk=user_id).update(reputation=F("reputation") + applied)
    pagecache.changed(f"member:{user_id}")
    return applied


def reverse(
    *, user_id: int, reasons: Iterable[Reason], thread: Thread, tags: Sequence[Tag], post: Post, actor_id: int | None
) -> int:
    """Undo what `actor_id` has so far earned `user_id` on `post` for `reasons`."""
    reasons = list(reasons)
    net = (
        ReputationEvent.objects.filter(user_id=user_id, actor_id=actor_id, post=post, reason__in=reasons).aggregate(
            net=Sum("delta")
        )["net"]
        or 0
    )
    if not net:
        return 0
    return award(
        user_id=user_id,
        reason=reasons[0],
        thread=thread,
        tags=tags,
        post=post,
        actor_id=actor_id,
        delta=-net,
        is_reversal=True,
    )


def _vote_gains_today(user_id: int, now: datetime) -> int:
    day_start = datetime.combine(now.date(), time.min, tzinfo=now.tzinfo)
    gained = ReputationEvent.objects.filter(user_id=user_id, reason__in=VOTE_GAINS, created_at__gte=day_start)
    return gained.aggregate(total=Sum("delta"))["total"] or 0


def _bump_tags(*, user_id: int, tags: Sequence[Tag], delta: int) -> None:
    # The user's row is locked by award(), so no other transaction creates these rows now.
    for tag in tags:
        updated = TagReputation.objects.filter(user_id=user_id, tag=tag).update(reputation=F("reputation") + delta)
        if not updated:
            TagReputation.objects.create(user_id=user_id, tag=tag, reputation=delta)


@dataclass(frozen=True)
class Difference:
    user_id: int
    tag: str | None  # None for the user's total
    cached: int
    ledger: int


@transaction.atomic
def rebuild_all() -> list[Difference]:
    """Recompute every cache from the ledger and return where a cache disagreed.

    A user with no events has the starting reputation, 1. Locks every user row.
    """
    differences = []
    ledger = dict(
        ReputationEvent.objects.values("user_id").annotate(total=Sum("delta")).values_list("user_id", "total")
    )
    for user_id, cached in User.objects.select_for_update(no_key=True).values_list("pk", "reputation").order_by("pk"):
        expected = 1 + ledger.get(user_id, 0)
        if cached != expected:
            differences.append(Difference(user_id, None, cached, expected))
            User.objects.filter(pk=user_id).update(reputation=expected)

    per_tag: dict[tuple[int, str], int] = defaultdict(int)
    for user_id, tags, delta in ReputationEvent.objects.values_list("user_id", "tags", "delta").iterator():
        for name in tags:
            per_tag[user_id, name] += delta
    cached_tags = {
        (user_id, name): value
        for user_id, name, value in TagReputation.objects.values_list("user_id", "tag__name", "reputation")
    }
    for key in sorted(per_tag.keys() | cached_tags.keys()):
        if cached_tags.get(key, 0) != per_tag.get(key, 0):
            differences.append(Difference(key[0], key[1], cached_tags.get(key, 0), per_tag.get(key, 0)))
    tag_ids = dict(Tag.objects.values_list("name", "pk"))
    TagReputation.objects.all().delete()
    TagReputation.objects.bulk_create(
        TagReputation(user_id=user_id, tag_id=tag_ids[name], reputation=total)
        for (user_id, name), total in per_tag.items()
        if name in tag_ids and total
    )
    return differences


def _ledger_rows_tagged(name: str):
    """Ledger rows whose tag list holds `name`. Tag names are [a-z0-9-] (forum/forms.py), so
    the JSON text contains the name in quotes exactly when the list holds it; this works on
    PostgreSQL and SQLite alike (JSON containment does not exist on SQLite)."""
    return ReputationEvent.objects.annotate(tag_text=Cast("tags", TextField())).filter(tag_text__contains=f'"{name}"')


def relabel_tag(*, old: str, new: Tag) -> None:
    """A tag was renamed, or merged into `new`: the ledger's tag lists say `new` where they
    said `old`, and `new`'s per-tag caches are recounted from the ledger, so that
    rebuild_all() still agrees with them. The ledger's rows are otherwise never changed:
    only the label of a tag that no longer exists under its old name.

    Call inside the transaction that renames or merges the tag, after `new` has its name."""
    relabelled = []
    for event in _ledger_rows_tagged(old).only("pk", "tags").iterator():
        event.tags = sorted({new.name if name == old else name for name in event.tags})
        relabelled.append(event)
    ReputationEvent.objects.bulk_update(relabelled, ["tags"], batch_size=500)
    totals: dict[int, int] = defaultdict(int)
    for user_id, tags, delta in _ledger_rows_tagged(new.name).values_list("user_id", "tags", "delta").iterator():
        if new.name in tags:
            totals[user_id] += delta
    TagReputation.objects.filter(tag=new).delete()
    TagReputation.objects.bulk_create(
        TagReputation(user_id=user_id, tag=new, reputation=total) for user_id, total in totals.items() if total
    )


def actors_of(*, user_id: int, post: Post, reason: Reason) -> set[int | None]:
    """Who caused the ledger rows of `reason` for `user_id` on `post`: what to reverse."""
    return set(
        ReputationEvent.objects.filter(user_id=user_id, post=post, reason=reason).values_list("actor_id", flat=True)
    )


def hide_penalty(post: Post) -> tuple[int, int]:
    """What hiding `post` as spam or abuse would take from its author (penalise_hidden_post):
    (what the post earned them, the penalty), both as positive numbers, for the moderator's
    confirmation."""
    return hide_penalties([post])[post.pk]


def hide_penalties(posts: Sequence[Post]) -> dict[int, tuple[int, int]]:
    """hide_penalty for each of `posts`, in one query: {post id: (earned, penalty)}."""
    authors = {post.pk: post.author_id for post in posts}
    rows = (
        ReputationEvent.objects.filter(post_id__in=authors)
        .exclude(reason=Reason.POST_HIDDEN)
        .values("post_id", "user_id")
        .annotate(net=Sum("delta"))
    )
    earned = {row["post_id"]: row["net"] for row in rows if authors[row["post_id"]] == row["user_id"]}
    penalty = -conf.REPUTATION_POINTS["post_hidden"]
    return {pk: (max(earned.get(pk) or 0, 0), penalty) for pk in authors}


def penalise_hidden_post(
    *, post: Post, thread: Thread, tags: Sequence[Tag], actor_id: int | None, now: datetime
) -> int:
    """A post hidden as spam or abuse: take back everything it earned its author and apply
    the penalty (design: "reverses all it earned, -100"). Both rows carry the reason
    POST_HIDDEN, so that restore_hidden_post() can give back exactly what was taken.
    Call inside the hide's transaction. Returns the total applied."""
    lock_users(post.author_id)
    rows = ReputationEvent.objects.filter(user_id=post.author_id, post=post)
    earned = rows.exclude(reason=Reason.POST_HIDDEN).aggregate(net=Sum("delta"))["net"] or 0
    hidden = {"user_id": post.author_id, "reason": Reason.POST_HIDDEN, "thread": thread, "tags": tags, "post": post}
    taken = award(**hidden, actor_id=actor_id, delta=-earned, is_reversal=True, now=now) if earned else 0
    return taken + award(**hidden, actor_id=actor_id, now=now)


def restore_hidden_post(*, post: Post, thread: Thread, tags: Sequence[Tag], actor_id: int | None, now: datetime) -> int:
    """Give back exactly what penalise_hidden_post() took (nothing if it took nothing)."""
    lock_users(post.author_id)
    rows = ReputationEvent.objects.filter(user_id=post.author_id, post=post, reason=Reason.POST_HIDDEN)
    taken = rows.aggregate(net=Sum("delta"))["net"] or 0
    if not taken:
        return 0
    return award(
        user_id=post.author_id,
        reason=Reason.POST_HIDDEN,
        thread=thread,
        tags=tags,
        post=post,
        actor_id=actor_id,
        delta=-taken,
        is_reversal=True,
        now=now,
    )


# Rows a withdrawal does not take back: a moderator's hide and its penalty stand on their own
# (a hidden post cannot be withdrawn, so they are net nothing whenever one is), and an earlier
# withdrawal was already given back.
NOT_EARNED_BY_THE_POST = (Reason.POST_HIDDEN, Reason.POST_WITHDRAWN)


def take_back_withdrawn_post(
    *, post: Post, thread: Thread, tags: Sequence[Tag], actor_id: int | None, now: datetime
) -> int:
    """A post withdrawn by its author (or with a spammer's account): take back everything it
    has earned its author so far, in one row with the reason POST_WITHDRAWN, so that
    give_back_withdrawn_post() gives back exactly that. Call inside the withdrawal's
    transaction, after any accept or official mark has been taken back through their own
    actions (their reversals net them out here, so nothing is taken twice). Returns the
    delta applied."""
    lock_users(post.author_id)
    rows = ReputationEvent.objects.filter(user_id=post.author_id, post=post).exclude(reason__in=NOT_EARNED_BY_THE_POST)
    earned = rows.aggregate(net=Sum("delta"))["net"] or 0
    if not earned:
        return 0
    return award(
        user_id=post.author_id,
        reason=Reason.POST_WITHDRAWN,
        thread=thread,
        tags=tags,
        post=post,
        actor_id=actor_id,
        delta=-earned,
        is_reversal=True,
        now=now,
    )


def give_back_withdrawn_post(
    *, post: Post, thread: Thread, tags: Sequence[Tag], actor_id: int | None, now: datetime
) -> int:
    """Give back exactly what take_back_withdrawn_post() took (nothing if it took nothing)."""
    lock_users(post.author_id)
    rows = ReputationEvent.objects.filter(user_id=post.author_id, post=post, reason=Reason.POST_WITHDRAWN)
    taken = rows.aggregate(net=Sum("delta"))["net"] or 0
    if not taken:
        return 0
    return award(
        user_id=post.author_id,
        reason=Reason.POST_WITHDRAWN,
        thread=thread,
        tags=tags,
        post=post,
        actor_id=actor_id,
        delta=-taken,
        is_reversal=True,
        now=now,
    )
