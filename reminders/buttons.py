"""What a tag's follow button shows, for the tag page's panel (reminders/panels.py) and the
htmx answer of the follow views alike (so both render the same button)."""

from taggit.models import Tag

from accounts.models import User
from forum.permissions import refusal
from reminders import permissions, querysets


def follow_button(user: User, tag: Tag, *, following: bool | None = None) -> dict:
    """The partial's context. `following` is passed by a view that has just changed it."""
    if not user.is_authenticated:
        return {"tag": tag, "visitor": True}
    if following is None:
        following = querysets.follows_tag(user, tag)
    # Stopping is always allowed; starting needs a member who may write (permissions.py).
    reason = "" if following else refusal(permissions.check_can_follow_tags, user)
    return {"tag": tag, "following": following, "refusal": reason, "digest_on": user.weekly_digest}
