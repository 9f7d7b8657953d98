"""The team's pieces of forum's thread page (slots: forum/panels.py): the staff's notes, for
staff alone, and the saved replies, for those who answer officially."""

from django.template import Context

from forum import permissions as forum_permissions
from forum.models import Thread
from forum.panels import ANSWER_FORM_TOOLS, THREAD_BEFORE_QUESTION
from team import permissions, saved_replies
from team.staff_notes import NOTE, notes_on


def staff_notes(page: Context, *, thread: Thread) -> dict | None:
    """None for everyone but reps, leads and moderators: not even an empty panel shows."""
    if not permissions.can_see_staff_notes(page["user"]):
        return None
    typed = getattr(page.get("request"), "staff_note", "")  # a refused note, shown again
    return {"thread": thread, "notes": list(notes_on(thread)), "note_max": NOTE.max, "typed": typed}


def saved_reply_picker(page: Context, *, thread: Thread) -> dict | None:
    """For reps and leads: the saved replies for this thread's tags, to insert and edit."""
    if not forum_permissions.can_post_official(page["user"]):
        return None
    replies = list(saved_replies.for_thread(thread))
    return {"thread": thread, "replies": replies} if replies else None


def register() -> None:
    THREAD_BEFORE_QUESTION.register("team.staff_notes", template="team/_staff_notes.html", build=staff_notes, order=55)
    ANSWER_FORM_TOOLS.register(
        "team.saved_replies", template="team/_saved_reply_picker.html", build=saved_reply_picker, order=10
    )
