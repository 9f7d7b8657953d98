"""Private cases on forum's thread page (slot: forum/panels.py): when a representative
first reached out privately, for everyone; a link to the case for those who may read it."""

from django.conf import settings
from django.template import Context

from cases import permissions
from cases.models import Case
from forum.models import Thread
from forum.panels import THREAD_BEFORE_QUESTION


def case_note(page: Context, *, thread: Thread) -> dict | None:
    """For the asker and the team, a link to the latest case (and to a pending invitation)."""
    cases = list(Case.objects.filter(thread=thread).select_related("invitation").order_by("opened_at", "pk"))
    if not cases:
        return None
    user = page["user"]
    latest = cases[-1]
    readable = latest if permissions.can_read_case(user, latest) else None
    invitation = getattr(readable, "invitation", None) if readable else None
    return {
        "first": cases[0],
        "latest": latest,
        "case": readable,
        "invited": invitation is not None and invitation.is_pending and user.pk == latest.customer_id,
        "company_name": settings.COMPANY_NAME,
    }


def register() -> None:
    THREAD_BEFORE_QUESTION.register("cases.case_note", template="cases/_case_note.html", build=case_note, order=10)
