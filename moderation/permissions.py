"""Who may work the official-response queue and read the dashboard."""

from django.core.exceptions import PermissionDenied

from accounts.models import User


def check_can_work_queue(user: User) -> None:
    if not user.has_perm("accounts.work_official_queue"):
        raise PermissionDenied("The official-response queue is for company representatives.")


def can_work_queue(user: User) -> bool:
    return user.is_authenticated and user.has_perm("accounts.work_official_queue")


def check_can_view_dashboard(user: User) -> None:
    if not user.has_perm("accounts.view_dashboard"):
        raise PermissionDenied("The response-time dashboard is for representatives and leads.")


def can_see_dismissals(user: User) -> bool:
    """Leads see every dismissal and its reason."""
    return user.is_authenticated and user.has_perm("accounts.receive_escalations")
