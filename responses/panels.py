"""The engine's pieces of forum's thread page (slots: forum/panels.py): the waiting clock
and the promise among the question's facts, the reps' panel, and "Ask for an official answer".
They read the engine's state here, not in forum's templates, so where that state lives is
this module's business. It also declares the queue page's own slot for the apps above the
engine (the saved replies in a queue row, team/panels.py)."""

from django.conf import settings
from django.template import Context

from config.panels import declare
from forum.models import Thread
from forum.panels import ANSWER_FORM_FIELDS, THREAD_ACTIONS, THREAD_BEFORE_QUESTION, THREAD_META
from responses import panel, permissions, second_look
from responses import waiting as waiting_state
from responses.models import QueueClaim

# The queue page's slots, for the apps above the engine (team/panels.py fills them).
# In a queue row opened to reply, above the official-reply form: the saved replies, to insert
# into the reply box whose id is `field_id`. Rendered once per row: a panel here reads what it
# needs once per request, never per row, or the queue's queries grow with it.
QUEUE_ROW_REPLY_TOOLS = declare("responses.queue_row.reply_tools", arguments=("thread", "field_id"))


def thread_clock(page: Context, *, thread: Thread) -> dict | None:
    """How long the thread has waited and on whom, and the company's promise (waiting.clock)."""
    clock = waiting_state.clock(thread)
    started = clock.since
    # The clock's names (forum.engine.Clock) as the template spells them.
    waiting = {
        "follow_up": "on-company",
        "first_response": "first",
        "official": "official",
        "customer": "on-customer",
        "detail": "detail",
    }
    waiting = waiting.get(clock.waiting, "")
    promise = clock.lag_minutes if started else None
    # The customer sees that someone has it (issue 27): "Rita is looking at this".
    claim = (
        QueueClaim.objects.select_related("claimed_by").filter(thread=thread).first()
        if waiting_state.waits_on_company(thread)
        else None
    )
    if not waiting and not promise and not claim:
        return None
    return {
        "waiting": waiting,
        "started": started,
        "promise": promise,
        "claim": claim,
        "company_name": settings.COMPANY_NAME,
    }


def rep_panel(page: Context, *, thread: Thread) -> dict:
    user = page["user"]
    return {
        # The engine's panel is for questions: ideas and announcements never wait on the company.
        "panel": panel.rep_panel(thread) if thread.kind == "question" and permissions.can_work_queue(user) else None,
        "can_review": permissions.can_review(user),
        "thread": thread,
        "user": user,
        "request": page.get("request"),
    }


def official_request(page: Context, *, thread: Thread) -> dict:
    return {
        "can_request": permissions.can_request_official(page["user"], thread),
        "requested": thread.response_state.official_requested_at and not thread.response_state.first_official_at,
        "thread": thread,
    }


def second_look_choice(page: Context, *, thread: Thread) -> dict | None:
    """In the answer form, for a rep on a hot thread: ask a lead to look first (suggested), or
    say that a lead will (required). Nothing for anyone else (second_look.py)."""
    mode = second_look.second_look_for(page["user"], thread)
    if not mode:
        return None
    return {"mode": mode, "waiting": second_look.waiting_draft(author=page["user"], thread=thread)}


def register() -> None:
    ANSWER_FORM_FIELDS.register(
        "responses.second_look", template="responses/_second_look_choice.html", build=second_look_choice, order=10
    )
    THREAD_META.register("responses.clock", template="responses/_thread_clock.html", build=thread_clock, order=10)
    THREAD_BEFORE_QUESTION.register(
        "responses.rep_panel", template="responses/_rep_panel.html", build=rep_panel, order=50
    )
    THREAD_ACTIONS.register(
        "responses.official_request", template="responses/_official_request.html", build=official_request, order=10
    )
