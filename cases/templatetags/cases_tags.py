"""Private cases on public pages: the reps' button to open a case (the thread's "reached out
privately" note is a panel: cases/panels.py). Neither says anything of a case's content; the
links to a case are shown only to those who may read it."""

from django import template
from django.template.loader import render_to_string

from cases import permissions
from cases.models import Case

register = template.Library()


@register.simple_tag(takes_context=True)
def open_case_button(context, thread, link_only=False, suggest=False) -> str:
    """For reps and leads: "Open a private case", or the thread's open case. `link_only`
    (the queue's rows) reads nothing: the open page sends a rep to an open case itself.
    `suggest` (a hot thread, responses/panel.py) says why a case may help, unless one is open."""
    user = context["user"]
    if not permissions.is_on_the_team(user) or thread.kind != "question":
        return ""
    open_case = (
        None
        if link_only
        else Case.objects.open().filter(thread=thread).select_related("handled_by").with_current_handler().first()
    )
    return render_to_string(
        "cases/_open_case_button.html", {"thread": thread, "open_case": open_case, "suggest": suggest}
    )


@register.filter
def on_the_team(user) -> bool:
    """Reps and leads, who read and answer every case."""
    return permissions.is_on_the_team(user)
