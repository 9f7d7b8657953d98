"""Who may see and do what with a private case. Every rule in one place.

A case is the asker's and the reps team's alone: to anyone else every part of it is a 404,
as if it did not exist (check_can_read_case raises Http404, not PermissionDenied), so that
nobody learns from the answer that a case exists.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from accounts.models import User
from accounts.permissions import check_member
from cases.models import Case
from forum.models import Thread

NOT_FOUND = "No such case."


def is_on_the_team(user: User) -> bool:
    """Reps and leads: they open cases, and read and reply in any case."""
    return user.is_authenticated and user.is_active and user.has_perm("accounts.open_case")


def can_read_case(user: User, case: Case) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    return case.customer_id == user.pk or is_on_the_team(user)


def readable_cases(user: User) -> QuerySet[Case]:
    """The cases `user` may read (can_read_case's rule, as a query). A page fetches its case
    from here, so that a case that is not yours and a case that does not exist cost the same
    one query that finds nothing, and answer the same 404 in the same time."""
    if not user.is_authenticated or not user.is_active:
        return Case.objects.none()
    if is_on_the_team(user):
        return Case.objects.all()
    return Case.objects.filter(customer=user)


def check_can_read_case(user: User, case: Case) -> None:
    if not can_read_case(user, case):
        raise Http404(NOT_FOUND)


def check_can_see_cases(user: User) -> None:
    """The team's pages of cases (opening one from a thread): a 404 to everyone else."""
    if not is_on_the_team(user):
        raise Http404(NOT_FOUND)


def check_can_open_case(user: User, thread: Thread) -> None:
    check_can_see_cases(user)
    check_member(user)
    if thread.kind != Thread.Kind.QUESTION:
        raise PermissionDenied("Cases are opened from questions, not from ideas or announcements.")
    if thread.is_withdrawn:
        raise PermissionDenied("The asker withdrew this question.")
    if thread.author_id == user.pk:
        raise PermissionDenied("You asked this question yourself: a case is a conversation with the asker.")
    if not thread.author.is_active:
        raise PermissionDenied("The asker's account is closed: there is nobody to reach out to.")


def can_open_case(user: User, thread: Thread) -> bool:
    return _passes(check_can_open_case, user, thread)


def check_can_write_in_case(user: User, case: Case) -> None:
    check_can_read_case(user, case)
    check_member(user)
    if not case.is_open:
        raise PermissionDenied("This case is resolved. If something is still wrong, say so in the thread.")


def can_write_in_case(user: User, case: Case) -> bool:
    return _passes(check_can_write_in_case, user, case)


def check_can_handle_case(user: User, case: Case) -> None:
    """Taking a case over, or resolving it: the team's."""
    check_can_read_case(user, case)
    if not is_on_the_team(user):
        raise PermissionDenied("Only a representative can do this.")
    check_member(user)
    if not case.is_open:
        raise PermissionDenied("This case is resolved already.")


def can_handle_case(user: User, case: Case) -> bool:
    return _passes(check_can_handle_case, user, case)


def check_can_reopen_case(user: User, case: Case) -> None:
    """The customer or a rep reopens a resolved case within conf.REOPEN_WINDOW (issue 27),
    unless the thread has an open case already (a rep opened a second one)."""
    check_can_read_case(user, case)
    check_member(user)
    if case.is_open:
        raise PermissionDenied("This case is open already.")
    if timezone.now() > case.reopenable_until:
        raise PermissionDenied("This case was resolved too long ago to reopen: say so in the thread.")
    if Case.objects.open().filter(thread_id=case.thread_id).exists():
        raise PermissionDenied("A newer case on this thread is open: write there.")


def can_reopen_case(user: User, case: Case) -> bool:
    return _passes(check_can_reopen_case, user, case)


def can_answer_invitation(user: User, case: Case) -> bool:
    return _passes(check_can_answer_invitation, user, case)


def _passes(check, *args) -> bool:
    try:
        check(*args)
    except (PermissionDenied, Http404):
        return False
    return True


def check_can_answer_invitation(user: User, case: Case) -> None:
    check_can_read_case(user, case)
    if case.customer_id != user.pk:
        raise PermissionDenied("Only the person who asked answers this invitation.")
    invitation = getattr(case, "invitation", None)
    if invitation is None:
        raise PermissionDenied("This case is not resolved yet.")
    if not invitation.is_pending:
        raise PermissionDenied("You have answered this invitation already.")
    check_member(user)
