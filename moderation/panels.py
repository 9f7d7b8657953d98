"""Moderation's pieces of lower apps' pages (slots: forum/panels.py, accounts/panels.py): a
post's flag link, review request and decisions; a thread's lock and duplicate tools; a
member's suspension tools on their profile."""

from django.template import Context

from accounts import permissions as account_permissions
from accounts.models import User
from accounts.panels import PROFILE_TOOLS
from forum import permissions as forum_permissions
from forum.models import Post, Thread
from forum.panels import POST_ACTIONS, POST_TOMBSTONE, THREAD_BEFORE_QUESTION
from moderation import permissions, queue
from moderation.forms import SuspendForm, input_limits


def post_tools(page: Context, *, post: Post) -> dict:
    """A post's flag link, its author's review request, and moderators' decisions."""
    user = page["user"]
    is_moderator = permissions.can_moderate(user)
    return {
        "post": post,
        "can_flag": permissions.can_flag(user, post),
        "is_author": post.author_id == user.pk,
        "can_request_review": permissions.can_request_review(user, post),
        "is_moderator": is_moderator,
        # Open flags and requests are the queue's to know (a query per post here): the panel
        # offers what the post's own state allows.
        "decisions": queue.offered(post, queue.Standing()) if is_moderator else (),
        "limits": input_limits(),
        "next": "",
    }


def thread_tools(page: Context, *, thread: Thread) -> dict:
    return {"thread": thread, "limits": input_limits(), "is_moderator": permissions.can_moderate(page["user"])}


def member_tools(page: Context, *, person: User, deletion: bool = False) -> dict:
    """A member's moderation tools: suspend or lift; with `deletion` (their profile, not each
    row of the reports queue, where it would cost queries per row) deleting the account."""
    user = page["user"]
    refusal = forum_permissions.refusal(permissions.check_can_suspend, user, person)
    can_suspend, can_moderate = not refusal, permissions.can_moderate(user)
    return {
        "member": person,
        "user": user,
        "limits": input_limits(),
        "suspension_lengths": SuspendForm.base_fields["days"].choices,
        "can_suspend": can_suspend,
        # A moderator looking at a rep, a lead or another moderator is told who may.
        "suspend_refusal": refusal if refusal == permissions.STAFF_SUSPENSION and can_moderate else "",
        "can_delete": deletion and person.pk != user.pk and account_permissions.can_delete_account(user, person),
        "sees_suspension": person.is_suspended() and (user.pk == person.pk or can_moderate or can_suspend),
    }


def log_link(page: Context, *, post: Post) -> dict:
    return {"post": post}


def _profile_tools(page: Context, *, person: User) -> dict:
    return member_tools(page, person=person, deletion=True)


def register() -> None:
    THREAD_BEFORE_QUESTION.register(
        "moderation.thread_tools", template="moderation/_thread_tools.html", build=thread_tools, order=40
    )
    POST_ACTIONS.register("moderation.post_tools", template="moderation/_post_tools.html", build=post_tools, order=10)
    POST_TOMBSTONE.register("moderation.log_link", template="moderation/_log_link.html", build=log_link, order=10)
    PROFILE_TOOLS.register(
        "moderation.member_tools", template="moderation/_member_tools.html", build=_profile_tools, order=10
    )
