"""The team's pieces of forum's thread page (slots: forum/panels.py): the staff's notes, for
staff alone, and the saved replies, for those who answer officially; and the saved replies in
the official-response queue's rows (slots: responses/panels.py)."""

from django.template import Context

from forum import permissions as forum_permissions
from forum.models import Thread
from forum.panels import ANSWER_FORM_TOOLS, THREAD_BEFORE_QUESTION
from responses.panels import QUEUE_ROW_REPLY_TOOLS
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


def queue_saved_replies(page: Context, *, thread: Thread, field_id: str) -> dict | None:
    """In a queue row opened to reply: the saved replies for the thread's tags, each filled
    in, to insert into the row's reply box (static/js/forum.js; without it the thread's page
    opens with the reply in its answer box). The library is read once per page."""
    if not forum_permissions.can_post_official(page["user"]):
        return None
    replies = saved_replies.matching(saved_replies.library_for(page["request"]), thread)
    if not replies:
        return None
    filled = [(reply, saved_replies.filled_for(reply, thread)) for reply in replies]
    return {"thread": thread, "field_id": field_id, "replies": filled}


def register() -> None:
    THREAD_BEFORE_QUESTION.register("team.staff_notes", template="team/_staff_notes.html", build=staff_notes, order=55)
    ANSWER_FORM_TOOLS.register(
        "team.saved_replies", template="team/_saved_reply_picker.html", build=saved_reply_picker, order=10
    )
    QUEUE_ROW_REPLY_TOOLS.register(
        "team.saved_replies", template="team/_queue_saved_replies.html", build=queue_saved_replies, order=10
    )
