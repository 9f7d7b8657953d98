"""Who may do what with ideas. Members post them (as they ask questions) and vote on them with
the forum's own vote box and rules; reps and leads (`set_idea_status`) give them a status and
link support threads to them. Every rule here once; `can_*` for templates, `check_*` raise."""

from django.core.exceptions import PermissionDenied

from accounts.models import User
from accounts.permissions import check_member
from forum import permissions as forum_permissions
from forum.models import Thread
from ideas.models import Idea


def check_can_post_idea(user: User) -> None:
    """Whoever may ask a question may post an idea."""
    forum_permissions.check_can_ask(user)


def check_speaks_for_ideas(user: User) -> None:
    """The company's side of ideas: setting their status, linking threads to them."""
    check_member(user)
    if not user.has_perm("accounts.set_idea_status"):
        raise PermissionDenied("Only company representatives can set an idea's status or link threads to ideas.")


def can_speak_for_ideas(user: User) -> bool:
    return forum_permissions.allowed(check_speaks_for_ideas, user)


def check_can_set_idea_status(user: User, idea: Idea) -> None:
    check_speaks_for_ideas(user)
    if idea.thread.is_withdrawn:
        raise PermissionDenied("Its author withdrew this idea: it takes no status.")


def can_set_idea_status(user: User, idea: Idea) -> bool:
    return forum_permissions.allowed(check_can_set_idea_status, user, idea)


def check_can_link_to_idea(user: User, thread: Thread) -> None:
    """A rep links a support question (not an idea or an announcement) to an idea, or takes
    the link away. Which idea it may be is the form's to check (one that exists and is listed)."""
    check_speaks_for_ideas(user)
    if thread.kind != Thread.Kind.QUESTION:
        raise PermissionDenied("Only questions are linked to ideas.")
    if thread.is_withdrawn:
        raise PermissionDenied("Its author withdrew this question: it takes no more changes.")


def can_link_to_idea(user: User, thread: Thread) -> bool:
    return forum_permissions.allowed(check_can_link_to_idea, user, thread)
