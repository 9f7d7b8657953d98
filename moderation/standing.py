"""Standing to flag: the part of a member's reputation that unlocks flags and gives them
weight, read from the reputation ledger (forum.ReputationEvent), which stays the one truth
of reputation; nothing here writes it.

Reputation counts towards flagging only when other members gave it (issue 24, "flag
brigading"): not the member's own rows (the +2 for accepting an answer), not rows from
accounts that joined within FLAG_PEER_WINDOW of theirs (accounts made together to reward
each other), not rows from deleted or deactivated accounts. An administrator's adjustment
counts in full. Whatever took reputation away (a downvote, a hide's penalty) still counts:
the standing is never more than the member's reputation."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, Sum

from accounts.models import User
from forum.models import ReputationEvent
from moderation.conf import conf

ADJUSTMENT = ReputationEvent.Reason.ADJUSTMENT


@dataclass(frozen=True)
class Standing:
    reputation: int  # what unlocks flags and their weight: at most `total`
    total: int  # the member's reputation, from the ledger
    members: int  # other members who gave some of it, counted up to FLAG_MIN_DISTINCT_MEMBERS
    vouched: bool  # an administrator adjusted it, which stands for enough members

    @property
    def from_enough_members(self) -> bool:
        return self.vouched or self.members >= conf.FLAG_MIN_DISTINCT_MEMBERS


def _from_other_members(user: User) -> Q:
    window = conf.FLAG_PEER_WINDOW
    joined_apart = Q(actor__date_joined__lte=user.date_joined - window) | Q(
        actor__date_joined__gte=user.date_joined + window
    )
    return Q(actor__is_active=True) & ~Q(actor_id=user.pk) & joined_apart & ~Q(reason=ADJUSTMENT)


def standing_of(user: User, *, fresh: bool = False) -> Standing:
    """The member's standing, in two queries over their own ledger rows. Kept on the user
    object for the request (a thread page asks it of every post's flag link) while their
    reputation is what it was; `fresh` reads it again (the flag's weight, when it is made)."""
    kept = getattr(user, "_flag_standing", None)
    if not fresh and kept is not None and kept[0] == user.reputation:
        return kept[1]
    rows = ReputationEvent.objects.filter(user_id=user.pk).order_by()
    from_others = _from_other_members(user)
    sums = rows.aggregate(
        total=Sum("delta"), earned=Sum("delta", filter=from_others), vouched=Sum("delta", filter=Q(reason=ADJUSTMENT))
    )
    total, earned, vouched = (sums[key] or 0 for key in ("total", "earned", "vouched"))
    # Members whose rows, all told, gave something (a vote undone gives nothing).
    givers = rows.filter(from_others).values("actor_id").annotate(net=Sum("delta")).filter(net__gt=0)
    found = Standing(
        reputation=min(1 + total, 1 + earned + vouched),
        total=1 + total,
        members=givers[: conf.FLAG_MIN_DISTINCT_MEMBERS].count(),
        vouched=vouched > 0,
    )
    user._flag_standing = (user.reputation, found)
    return found
