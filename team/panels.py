"""The staff's notes on forum's thread page (slot: forum/panels.py), for staff alone."""

from django.template import Context

from forum.models import Thread
from forum.panels import THREAD_BEFORE_QUESTION
from team import permissions
from team.staff_notes import NOTE, notes_on


def staff_notes(page: Context, *, thread: Thread) -> dict | None:
    """None for everyone but reps, leads and moderators: not even an empty panel shows."""
    if not permissions.can_see_staff_notes(page["user"]):
        return None
    typed = getattr(page.get("request"), "staff_note", "")  # a refused note, shown again
    return {"thread": thread, "notes": list(notes_on(thread)), "note_max": NOTE.max, "typed": typed}


def register() -> None:
    THREAD_BEFORE_QUESTION.register("team.staff_notes", template="team/_staff_notes.html", build=staff_notes, order=55)
