"""Who may flag, moderate and suspend. Reps and leads have no moderation powers: criticism
is answered, never suppressed. `can_*` for templates and views; `check_*` raise."""

from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.timezone import localtime

from accounts.models import User
from accounts.permissions import check_member, check_not_suspended, holds_a_role, role_gives
from forum import permissions as forum_permissions
from forum.conf import conf as forum_conf
from forum.models import Post, Thread
from moderation.conf import conf
from moderation.models import Flag, ReviewRequest
from moderation.standing import Standing, standing_of
from responses import permissions as response_permissions

allowed = forum_permissions.allowed
refusal = forum_permissions.refusal


OWN_POST = "You cannot flag your own post; edit it instead, or ask a moderator to hold it for personal data."


def check_can_flag(user: User, post: Post) -> None:
    """A member with the standing to flag; or the post's author, who may only ask for it to be
    held for personal data (check_can_flag_as), which needs no standing: an old revision may
    still show what they took out."""
    check_member(user)
    if post.is_withdrawn:
        raise PermissionDenied("Its author has withdrawn this post: there is nothing left to flag.")
    if post.author_id == user.pk:
        return
    check_standing_to_flag(user)


def check_standing_to_flag(user: User, *, fresh: bool = False, now: datetime | None = None) -> Standing:
    """The flag privilege: PRIVILEGES["flag"] reputation given by other members (from at
    least FLAG_MIN_DISTINCT_MEMBERS who did not join with this account: moderation/standing.py)
    on an account FLAG_MIN_ACCOUNT_AGE old. Returns the standing, whose reputation also
    decides the trusted flagger's weight. `fresh` reads the ledger rather than the request's
    copy of the user (actions.flag_weight)."""
    needed = forum_conf.PRIVILEGES["flag"]
    if not fresh and user.reputation < needed:  # the common refusal, with no query
        raise PermissionDenied(f"You need {needed} reputation to flag posts.")
    opens = user.date_joined + conf.FLAG_MIN_ACCOUNT_AGE
    if opens > (now or timezone.now()):
        raise PermissionDenied(
            f"Your account is too new to flag posts: flags open {conf.FLAG_MIN_ACCOUNT_AGE.days} days after "
            f"joining, on {date_format(localtime(opens), 'DATETIME_FORMAT')}."
        )
    standing = standing_of(user, fresh=fresh)
    if standing.total < needed:
        raise PermissionDenied(f"You need {needed} reputation to flag posts.")
    if standing.reputation < needed or not standing.from_enough_members:
        raise PermissionDenied(
            f"Flags need {needed} reputation given by other members, from at least "
            f"{conf.FLAG_MIN_DISTINCT_MEMBERS} members who did not join when you did; {standing.reputation} of "
            "yours counts so far. Reputation that accounts made together give each other unlocks nothing."
        )
    return standing


def can_flag(user: User, post: Post) -> bool:
    return allowed(check_can_flag, user, post)


def check_can_flag_as(user: User, post: Post, reason: str) -> None:
    """check_can_flag, and the reason's own rule. "Needs an official response" asks the
    company for an official answer, so it is allowed exactly when "Ask for an official
    answer" is (responses.permissions.check_can_request_official: the asker or a "me too"
    member, on an open, unsolved thread with no official answer): one rule for asking the
    company, whatever the door."""
    check_can_flag(user, post)
    if post.author_id == user.pk and reason != Flag.Reason.PERSONAL_DATA:
        raise PermissionDenied(OWN_POST)
    if reason == Flag.Reason.NEEDS_OFFICIAL:
        response_permissions.check_can_request_official(user, post.thread)


def flag_reasons(user: User, post: Post) -> list[tuple[str, str]]:
    """The reasons the flag form offers this member for this post."""
    return [(value, label) for value, label in Flag.Reason.choices if allowed(check_can_flag_as, user, post, value)]


def flags_may_hide(post: Post) -> bool:
    """Whether members' flags may hide this post pending review. Never the company's own
    words: an announcement, an official answer (a rep's, or one a rep marked official) or
    any post by a rep or a lead. However much its flags weigh, such a post stays up and
    waits for a moderator in the reports queue."""
    if post.is_official or (post.is_question and post.thread.kind == Thread.Kind.ANNOUNCEMENT):
        return False
    return not role_gives(post.author, "post_official")


def flags_can_hide(user: User) -> bool:
    """Whether the user's flags count towards hiding a post pending review: not a rep's or
    a lead's (actions.flag_weight gives theirs weight 0), so the company cannot bury
    criticism with its own flags."""
    return not forum_permissions.speaks_for_the_company(user)


def check_can_moderate(user: User) -> None:
    """Dismiss flags, hide, restore, lock, unlock, close as duplicate, review voting."""
    check_not_suspended(user)
    if not user.is_authenticated or not user.has_perm("accounts.moderate"):
        raise PermissionDenied("Only moderators can do this.")


def can_moderate(user: User) -> bool:
    return allowed(check_can_moderate, user)


def can_suspend(user: User) -> bool:
    """Whether the user may suspend members at all (check_can_suspend adds the member's side)."""
    return can_moderate(user) and user.has_perm("accounts.suspend_member")


def can_suspend_staff(user: User) -> bool:
    """Leads and administrators suspend those who hold a role: the team answers for its own."""
    return user.is_authenticated and user.has_perm("accounts.manage_team")


STAFF_SUSPENSION = "Only a lead or an administrator can suspend a representative, a lead or a moderator."


def check_can_suspend(user: User, member: User) -> None:
    """Suspend someone, or lift their suspension. Moderators suspend members; someone who
    holds a role (a rep, a lead, a moderator, staff) is suspended by a lead or an
    administrator, never by a moderator, so that moderators cannot silence the reps or
    each other. A lead without the moderator role suspends no member: judging members'
    words is moderation, and the company does not silence its critics."""
    check_not_suspended(user)
    staff_suspender = can_suspend_staff(user)
    if not can_suspend(user) and not staff_suspender:
        raise PermissionDenied("Only moderators can suspend members.")
    if member.pk == user.pk or member.is_superuser:
        raise PermissionDenied("This account cannot be suspended from here.")
    if holds_a_role(member):
        if not staff_suspender:
            raise PermissionDenied(STAFF_SUSPENSION)
    elif not can_suspend(user):
        raise PermissionDenied("Only moderators can suspend members; leads suspend the team's own.")


def check_can_request_review(user: User, post: Post) -> None:
    """The author of a hidden post, once per hide."""
    if not user.is_authenticated or post.author_id != user.pk:
        raise PermissionDenied("Only the author can ask for a review of a hidden post.")
    if not post.is_hidden:
        raise PermissionDenied("This post is not hidden.")
    if ReviewRequest.objects.filter(post=post, hidden_at=post.hidden_at).exists():
        raise PermissionDenied("You have already asked for a review of this decision.")


def can_request_review(user: User, post: Post) -> bool:
    return allowed(check_can_request_review, user, post)


def can_see_names_in_log(user: User) -> bool:
    """Members' names in the public log are for moderators; everyone sees moderators' names."""
    return user.is_authenticated and user.has_perm("accounts.see_moderation_names")
