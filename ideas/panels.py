"""Ideas on forum's thread page (slot: forum/panels.py): an idea's status, note, history
and linked threads; a support thread's link to its idea."""

from django.conf import settings
from django.template import Context

from forum.models import Thread
from forum.panels import THREAD_BEFORE_QUESTION
from ideas import panel, permissions
from ideas.forms import LinkForm, StatusForm


def idea_panel(page: Context, *, thread: Thread) -> dict:
    """On an idea: its panel (three small queries). On a question: its link to an idea, if
    any (one query). On anything else: nothing, and no query."""
    user = page["user"]
    shown = {"thread": thread, "user": user, "company_name": settings.COMPANY_NAME}
    if thread.kind == Thread.Kind.IDEA:
        idea_panel = panel.idea_panel(thread)
        can_set = permissions.can_set_idea_status(user, idea_panel.idea)
        return shown | {"panel": idea_panel, "status_form": StatusForm() if can_set else None}
    if thread.kind == Thread.Kind.QUESTION:
        can_link = permissions.can_link_to_idea(user, thread)
        return shown | {"link": panel.linked_idea(thread), "link_form": LinkForm() if can_link else None}
    return shown


def register() -> None:
    THREAD_BEFORE_QUESTION.register("ideas.idea_panel", template="ideas/_idea_panel.html", build=idea_panel, order=60)
