"""A moderator's decision on a post, as one control: which decisions a post offers in its
state, and carrying one out through its use case. The reports queue's rows, the thread
page's "Moderate" panel and the bulk decisions for a spam wave all use it.

A decision is a value: "dismiss", "restore", "keep_hidden", "looks_fine", or "hide:<rule>"
(a key of HIDE_REASONS). One that the post no longer offers (another moderator decided
first) is refused with what happened instead, never carried out on a stale page's word.
"""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef

from accounts.models import User
from forum.models import Post
from moderation import usecases
from moderation.actions.decisions import HIDE_REASONS, PENALISED
from moderation.models import FirstLook, Flag, ReviewRequest

DISMISS, RESTORE, KEEP_HIDDEN, LOOKS_FINE = "dismiss", "restore", "keep_hidden", "looks_fine"
HIDE = "hide:"
# Reasons the public log needs from the moderator; a dismissal without one says this.
NEEDS_A_REASON = {RESTORE, KEEP_HIDDEN}
DISMISSED_WITHOUT_A_REASON = "Within the rules"

ALL_DECISIONS = [
    (DISMISS, "Leave it up: dismiss the flags"),
    (RESTORE, "Show it again"),
    (KEEP_HIDDEN, "Keep it hidden"),
    (LOOKS_FINE, "Looks fine"),
    *((f"{HIDE}{rule}", f"Hide as {label}") for rule, label in HIDE_REASONS.items()),
]
# What a wave of flagged posts can be given at once: no restore or review in bulk.
BULK_DECISIONS = [(value, label) for value, label in ALL_DECISIONS if value == DISMISS or value.startswith(HIDE)]


def hide_rule(decision: str) -> str | None:
    return decision.removeprefix(HIDE) if decision.startswith(HIDE) else None


def is_penalised(decision: str) -> bool:
    return hide_rule(decision) in PENALISED


@dataclass(frozen=True)
class Standing:
    """What is open on a post: what its decisions depend on besides the post itself."""

    flagged: bool = False
    review: bool = False
    first_look: bool = False
    held: bool = False  # the first look holds it from the public


def offered(post: Post, standing: Standing) -> list[tuple[str, str]]:
    """The decisions `post` offers, in the order the control lists them."""
    choices = []
    if standing.first_look:
        choices.append((LOOKS_FINE, "Looks fine: make it public" if standing.held else "Looks fine"))
    if post.is_hidden and post.hidden_by != Post.HiddenBy.FIRST_LOOK:
        choices.append((RESTORE, "Show it again" if post.is_pending_review else "Restore it"))
        if standing.review:
            choices.append((KEEP_HIDDEN, "Keep it hidden"))
    elif standing.flagged and not post.is_hidden:
        choices.append((DISMISS, "Leave it up: dismiss the flags"))
    if not post.is_hidden or post.is_pending_review:
        choices += [
            (f"{HIDE}{rule}", f"Hide as {label}" + (" (costs its author reputation)" if rule in PENALISED else ""))
            for rule, label in HIDE_REASONS.items()
        ]
    return choices


def standing_of(post_ids) -> dict[int, Standing]:
    """{post id: Standing} for the posts, in one query."""
    rows = (
        Post.objects.filter(pk__in=set(post_ids))
        .annotate(
            open_flags=Exists(Flag.objects.filter(post=OuterRef("pk"), status=Flag.Status.OPEN)),
            open_review=Exists(ReviewRequest.objects.filter(post=OuterRef("pk"), resolved_at=None)),
            open_look=Exists(FirstLook.objects.filter(post=OuterRef("pk"), looked_at=None)),
            held_look=Exists(FirstLook.objects.filter(post=OuterRef("pk"), looked_at=None, held=True)),
        )
        .values_list("pk", "open_flags", "open_review", "open_look", "held_look")
    )
    return {
        pk: Standing(flagged=flagged, review=review, first_look=look, held=held)
        for pk, flagged, review, look, held in rows
    }


class Stale(Exception):
    """The decision is no longer one the post offers: someone decided first."""


def decide(user: User, post: Post, *, decision: str, reason: str, standing: Standing | None = None) -> str:
    """Carry out `decision` on `post` as `user` (a moderator: the use case checks), and say
    what was done. Raises Stale when the post no longer offers it. `standing`: the post's,
    when the caller read it already (decide_many, for a whole wave in one query)."""
    standing = standing or standing_of([post.pk]).get(post.pk, Standing())
    if decision not in dict(offered(post, standing)):
        raise Stale("Another moderator decided on it first: here it is as it stands now.")
    if rule := hide_rule(decision):
        usecases.hide(user, post.pk, rule=rule, reason=reason)
        return "Hidden. Its author can still read and edit it, and ask for a review."
    if decision == DISMISS:
        usecases.dismiss_flags(user, post.pk, reason=reason or DISMISSED_WITHOUT_A_REASON)
        return "Flags dismissed: the post stays up."
    if decision == RESTORE:
        usecases.restore(user, post.pk, reason=reason)
        return "Restored, with the reputation its hide took."
    if decision == KEEP_HIDDEN:
        usecases.keep_hidden(user, post.pk, reason=reason)
        return "The hide stands; its author is told why."
    look = FirstLook.objects.get(post=post, looked_at=None)
    usecases.finish_first_look(user, look.pk)
    return "Done: it is public." if standing.held else "Done."


@dataclass
class BulkResult:
    done: int = 0
    skipped: int = 0  # decided by another moderator meanwhile


def decide_many(user: User, post_ids: list[int], *, decision: str, reason: str) -> BulkResult:
    """One decision (a dismissal or a hide) for a wave of flagged posts, each in its own
    transaction: a post another moderator decided meanwhile is left as it is, and counted."""
    result = BulkResult()
    standings = standing_of(post_ids)
    posts = Post.objects.select_related("thread", "author").filter(pk__in=post_ids).order_by("pk")
    for post in posts:
        standing = standings[post.pk]
        if not standing.flagged:  # its flags were decided meanwhile
            continue
        try:
            decide(user, post, decision=decision, reason=reason, standing=standing)
        except Stale:
            continue
        result.done += 1
    # Every other id: decided meanwhile, or gone altogether.
    result.skipped = len(set(post_ids)) - result.done
    return result
