"""Who may do what in the response-time engine: the queue, the dashboard, claims,
dismissals, replies from the queue and members' requests for an official answer. `can_*`
answer for templates and views; `check_*` raise PermissionDenied with a message."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from accounts.models import User
from accounts.permissions import check_member, check_not_suspended
from forum import permissions as forum_permissions
from forum.models import MeToo, Thread
from responses.models import HeldReply, OfficialRequest, QueueClaim, QueueThread

allowed = _allowed = forum_permissions.allowed


def check_can_work_queue(user: User) -> None:
    check_not_suspended(user)
    if not user.is_authenticated or not user.has_perm("accounts.work_official_queue"):
        raise PermissionDenied("The official-response queue is for company representatives.")


def can_work_queue(user: User) -> bool:
    return _allowed(check_can_work_queue, user)


def check_can_view_dashboard(user: User) -> None:
    check_not_suspended(user)
    if not user.is_authenticated or not user.has_perm("accounts.view_dashboard"):
        raise PermissionDenied("The response-time dashboard is for representatives and leads.")


def can_see_dismissals(user: User) -> bool:
    """Reps and leads see every dismissal and its reason."""
    return can_work_queue(user)


def check_can_undismiss(user: User) -> None:
    """Leads take back a rep's dismissal."""
    check_can_work_queue(user)
    if not user.has_perm("accounts.receive_escalations"):
        raise PermissionDenied("Only a lead can put a dismissed thread back in the queue.")


def can_undismiss(user: User) -> bool:
    return _allowed(check_can_undismiss, user)


def check_can_claim(user: User, thread: Thread) -> None:
    """A rep claims a thread that needs, or may soon need, an official reply: open, with no
    official answer and not dismissed (the panel lets a rep take it before it is overdue)."""
    check_can_work_queue(user)
    if not thread.waits_on_company:
        raise PermissionDenied("This thread needs no official reply: it is closed or is waiting on the customer.")
    if hasattr(thread, "queue_dismissal"):
        raise PermissionDenied("This thread was dismissed from the queue.")


def check_can_assign(user: User, thread: Thread, rep: User) -> None:
    """Leads give a thread the queue may hold to someone who works the queue."""
    check_can_work_queue(user)
    if not user.has_perm("accounts.assign_queue_items"):
        raise PermissionDenied("Only a lead can assign a thread to a representative.")
    if not rep.is_active or not rep.has_perm("accounts.work_official_queue"):
        raise PermissionDenied(f"{rep.name} does not work the official-response queue.")
    check_can_claim(rep, thread)


def can_assign(user: User) -> bool:
    return _allowed(check_can_work_queue, user) and user.has_perm("accounts.assign_queue_items")


def check_can_release(user: User, claim: QueueClaim) -> None:
    """Only the rep holding a claim, or a lead, gives it back."""
    check_can_work_queue(user)
    if claim.claimed_by_id != user.pk and not user.has_perm("accounts.receive_escalations"):
        raise PermissionDenied("Only the rep who claimed this thread, or a lead, can release it.")


def check_can_dismiss(user: User, thread: Thread) -> None:
    """Only what the queue holds: dismissing a thread before it ever entered would keep it
    out for good."""
    check_can_work_queue(user)
    if not QueueThread.objects.awaiting_official().filter(pk=thread.pk).exists():
        raise PermissionDenied("Only a thread in the official-response queue can be dismissed from it.")


def check_can_reply_from_queue(user: User, thread: Thread) -> None:
    check_can_work_queue(user)
    forum_permissions.check_can_post_official(user)
    forum_permissions.check_can_answer(user, thread)


def check_can_request_official(user: User, thread: Thread) -> None:
    """The asker, or a member who said "me too", on an open, unsolved thread with no
    official answer yet, once each. How often a member may ask is limited in the action."""
    check_member(user)
    forum_permissions.check_open(thread)
    if thread.kind != Thread.Kind.QUESTION:
        raise PermissionDenied("Only questions wait for an official answer.")
    if thread.is_solved:
        raise PermissionDenied("This thread is solved: ask a new question if the answer did not help you.")
    if thread.response_state.first_official_at is not None:
        raise PermissionDenied("This thread already has an official answer.")
    if thread.author_id != user.pk and not MeToo.objects.filter(user=user, thread=thread).exists():
        raise PermissionDenied("Only the person who asked, or someone with the same problem, can ask for this.")


def can_request_official(user: User, thread: Thread) -> bool:
    """Whether to offer the button: allowed, and not asked already by this member."""
    return (
        _allowed(check_can_request_official, user, thread)
        and not OfficialRequest.objects.filter(thread=thread, requested_by=user).exists()
    )


# --- The second look (responses/second_look.py) ---------------------------------------------


def check_can_review(user: User) -> None:
    """Leads give a rep's official reply its second look."""
    check_can_work_queue(user)
    if not user.has_perm("accounts.receive_escalations"):
        raise PermissionDenied("Only a lead gives an official reply a second look.")


def can_review(user: User) -> bool:
    return _allowed(check_can_review, user)


def check_can_see_held_reply(user: User, held: HeldReply) -> None:
    """The leads and its author; a 404 for everyone else, who need not know it exists."""
    if can_review(user) or (held.author_id == user.pk and can_work_queue(user)):
        return
    raise Http404("No such reply.")


def check_can_revise_held_reply(user: User, held: HeldReply) -> None:
    check_can_work_queue(user)
    if held.author_id != user.pk:
        raise PermissionDenied("Only its author rewrites a reply; a lead edits it when approving.")


def why_not_publish(held: HeldReply) -> list[str]:
    """What stops a lead publishing the draft in its author's name now (empty: nothing)."""
    if not forum_permissions.can_post_official(held.author):
        return [f"{held.author.name} no longer posts official replies: return it, or write your own reply."]
    if not forum_permissions.can_answer(held.author, held.thread):
        return ["The thread no longer takes answers (it was closed or locked)."]
    return []
