"""Writes of private cases: opening one from a thread, the conversation, resolving it, and
the customer's answer to the invitation that follows. Each verb is one transaction.

Opening a case is the company's response (design, issue 14): the engine records the thread's
first response and first official response (forum/engine.py), so the thread leaves the official-response queue and
the dashboard counts it, and it answers a customer's follow-up the way an official reply
does. Nothing public is ever changed for the customer: the thread only says that a
representative reached out, and what the customer does afterwards is theirs to choose.
"""

from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from accounts.permissions import holders_of
from cases.models import Case, CaseMessage, Invitation
from config import events, pagecache
from forum import actions as forum_actions
from forum.engine import engine
from forum.markdown import render_markdown
from forum.models import Follow, MeToo, Post, Thread, ThreadEvent
from forum.notifications import notify


@transaction.atomic
def open_case(*, thread: Thread, by: User, message: str, now: datetime | None = None) -> tuple[Case, bool]:
    """A rep reaches out privately to the thread's asker, with a first message. Returns the
    case and whether it is new: while the thread has an open case, that case is returned and
    nothing is written. Check permissions.check_can_open_case first."""
    now = now or timezone.now()
    # Lock the thread: two reps opening a case at once must find one case, not two.
    thread = Thread.objects.select_for_update().get(pk=thread.pk)
    existing = Case.objects.open().filter(thread=thread).first()
    if existing:
        return existing, False
    case = Case.objects.create(
        thread=thread,
        customer_id=thread.author_id,
        opened_by=by,
        handled_by=by,
        opened_at=now,
        last_message_at=now,
        follows=Case.objects.filter(thread=thread).order_by("-opened_at", "-pk").first(),
    )
    _add_message(case=case, author=by, body=message, now=now)
    events.publish("case.opened", lambda: events.case_payload(case))
    # The company has responded: the engine records it (first response and first official
    # response, once; a customer's follow-up answered, as an official reply answers it).
    engine().case_opened(thread=thread, now=now)
    Thread.objects.filter(pk=thread.pk).update(last_activity_at=now)
    pagecache.changed("threads", "queue", f"thread:{thread.pk}")
    notify(
        recipient_ids=[case.customer_id],
        text=f"A {settings.COMPANY_NAME} representative reached out privately about “{thread.title}”",
        url=case.get_absolute_url(),
        thread=thread,
    )
    # Everyone else affected hears that it is being handled, never what is said in private.
    notify(
        recipient_ids=_affected(thread, excluding={case.customer_id, by.pk}),
        text=f"A {settings.COMPANY_NAME} representative is handling “{thread.title}” privately; "
        "you will be told here when it is resolved",
        url=thread.get_absolute_url(),
        thread=thread,
        once_key=f"case-opened:{case.pk}",
    )
    return case, True


def _affected(thread: Thread, *, excluding: set[int]) -> set[int]:
    """The thread's followers and its "me too" members: who the loop is closed for in public."""
    following = Follow.objects.filter(thread=thread).values_list("user_id", flat=True)
    same_problem = MeToo.objects.filter(thread=thread).values_list("user_id", flat=True)
    return {*following, *same_problem} - excluding


@transaction.atomic
def post_case_message(*, case: Case, author: User, body: str, now: datetime | None = None) -> CaseMessage:
    """Add a message to an open case and tell the other side: the customer when a rep writes;
    the rep handling it (and any other rep who wrote in it) when the customer writes. Check
    permissions.check_can_write_in_case first."""
    now = now or timezone.now()
    case = Case.objects.select_for_update().select_related("thread").get(pk=case.pk)
    message = _add_message(case=case, author=author, body=body, now=now)
    Case.objects.filter(pk=case.pk).update(last_message_at=now)
    pagecache.changed(f"thread:{case.thread_id}")  # the case's state beside the thread
    if author.pk == case.customer_id:
        actor, text = author, f"replied in the private case about “{case.thread.title}”"
    else:
        actor, text = (
            None,
            f"A {settings.COMPANY_NAME} representative replied in your private case about “{case.thread.title}”",
        )
    notify(
        recipient_ids=_told_of_message(case, author=author),
        actor=actor,
        text=text,
        url=f"{case.get_absolute_url()}#message-{message.pk}",
        thread=case.thread,
    )
    return message


def _told_of_message(case: Case, *, author: User) -> set[int]:
    """Who hears of a new message: the other side. The team's side is the rep handling the
    case and every rep who wrote in it, counting only those who may read it now (holders of
    open_case: never a former, deactivated or suspended rep). When the customer writes and
    none of them is left, the leads hear, so that the message does not wait unseen."""
    writers = set(CaseMessage.objects.filter(case=case).values_list("author_id", flat=True))
    team_side = (writers | {case.handled_by_id}) - {case.customer_id, None}
    team = holders_of("open_case")
    current = set(team.filter(pk__in=team_side).values_list("pk", flat=True))
    if author.pk == case.customer_id and not current:
        current = set(holders_of("receive_escalations").filter(pk__in=team.values("pk")).values_list("pk", flat=True))
    return ({case.customer_id} | current) - {author.pk}


def _add_message(*, case: Case, author: User, body: str, now: datetime) -> CaseMessage:
    return CaseMessage.objects.create(
        case=case, author=author, body=body, body_html=render_markdown(body), created_at=now
    )


@transaction.atomic
def take_case(*, case: Case, by: User) -> bool:
    """A rep takes over looking after a case. Returns False when they had it already."""
    taken = Case.objects.filter(pk=case.pk, status=Case.Status.OPEN).exclude(handled_by=by).update(handled_by=by)
    if taken:
        pagecache.changed(f"thread:{case.thread_id}")
    return bool(taken)


@transaction.atomic
def release_cases(*, rep: User, by: User | None, note: str, now: datetime | None = None) -> int:
    """The open cases `rep` looks after wait for another representative (handled by nobody,
    on the team's list), each recorded on its thread's history with `rep` by id and `note`
    (why: never a name, which the history reads as it is now), shown to the team. For
    someone leaving the team: team.actions.revoke_role. Returns how many."""
    now = now or timezone.now()
    cases = list(Case.objects.open().filter(handled_by=rep).select_related("thread"))
    Case.objects.filter(pk__in=[case.pk for case in cases], handled_by=rep).update(handled_by=None)
    for case in cases:
        ThreadEvent.record(
            thread=case.thread, actor=by, kind=ThreadEvent.Kind.CASE_RELEASED, subject=rep, note=note, at=now
        )
        pagecache.changed(f"thread:{case.thread_id}")
    return len(cases)


@transaction.atomic
def resolve_case(*, case: Case, by: User, summary: str, public_note: str, now: datetime | None = None) -> bool:
    """A rep resolves the case with a summary for the customer, who is then invited, once, to
    accept an answer, post an update in the thread, edit their question, or do nothing, and
    a public note on the thread for everyone else affected (what was wrong and what was
    done, nothing private): posted under the question and sent to its followers and "me too"
    members. Resolving a resolved case changes nothing (returns False). Check
    permissions.check_can_handle_case first."""
    now = now or timezone.now()
    case = Case.objects.select_for_update().select_related("thread").get(pk=case.pk)
    if not case.is_open:
        return False
    thread = case.thread
    question = Post.objects.question_of(thread).get()
    note = forum_actions.reply(
        parent=question,
        author=by,
        body=f"**Resolved privately.** {public_note}",
        expects_answer=False,
        now=now,
        notify_conversation=False,
    )
    case.status, case.resolved_at, case.resolved_by, case.public_note = Case.Status.RESOLVED, now, by, note
    case.summary, case.summary_html = summary, render_markdown(summary)
    case.save(update_fields=["status", "resolved_at", "resolved_by", "summary", "summary_html", "public_note"])
    pagecache.changed(f"thread:{case.thread_id}")
    events.publish("case.resolved", lambda: events.case_payload(case))
    notify(
        recipient_ids=_affected(thread, excluding={case.customer_id, by.pk}),
        text=f"“{thread.title}” was resolved privately: read what was done",
        url=note.get_absolute_url(),
        thread=thread,
        once_key=f"case-resolved:{case.pk}",
    )
    # The invitation row is the "once": one per case, by the schema; a case reopened and
    # resolved again invites afresh.
    Invitation.objects.update_or_create(
        case=case, defaults={"sent_at": now, "answer": "", "answered_at": None, "post": None}
    )
    notify(
        recipient_ids=[case.customer_id],
        text=f"Your private case about “{case.thread.title}” is resolved. "
        "If it helped, you can accept an answer or tell others in the thread",
        url=f"{case.get_absolute_url()}#invitation",
        thread=case.thread,
    )
    return True


@transaction.atomic
def reopen_case(*, case: Case, by: User, now: datetime | None = None) -> bool:
    """The customer or a rep reopens a resolved case (check permissions.check_can_reopen_case):
    the conversation goes on in private. The public note stays: it said what was done then.
    Returns False when it was open already."""
    now = now or timezone.now()
    case = Case.objects.select_for_update().select_related("thread").get(pk=case.pk)
    if case.is_open:
        return False
    Case.objects.filter(pk=case.pk).update(status=Case.Status.OPEN, resolved_at=None, last_message_at=now)
    pagecache.changed(f"thread:{case.thread_id}")
    other_side = [case.handled_by_id or case.opened_by_id] if by.pk == case.customer_id else [case.customer_id]
    notify(
        recipient_ids=other_side,
        actor=by,
        text=f"reopened the private case about “{case.thread.title}”",
        url=case.get_absolute_url(),
        thread=case.thread,
    )
    return True


def _answer_invitation(case: Case, *, answer: str, now: datetime, post: Post | None = None) -> Invitation | None:
    """Record the customer's answer, once. Returns None when it was answered already (a
    double click, two tabs). Call inside a transaction."""
    invitation = Invitation.objects.select_for_update().get(case=case)
    if not invitation.is_pending:
        return None
    invitation.answer, invitation.answered_at, invitation.post = answer, now, post
    invitation.save(update_fields=["answer", "answered_at", "post"])
    pagecache.changed(f"thread:{case.thread_id}")
    return invitation


@transaction.atomic
def accept_from_invitation(*, case: Case, post: Post, by: User, now: datetime | None = None) -> bool:
    """The customer accepts an answer of the case's thread from the invitation. Check
    permissions.check_can_answer_invitation, and forum's check_can_accept, first."""
    now = now or timezone.now()
    if _answer_invitation(case, answer=Invitation.Answer.ACCEPTED, now=now, post=post) is None:
        return False
    forum_actions.accept_answer(post=post, by=by, now=now)
    return True


@transaction.atomic
def post_update_from_invitation(*, case: Case, body: str, by: User, now: datetime | None = None) -> Post | None:
    """The customer tells the thread how it ended: a reply under the question, shown as
    "Update from the asker" (not an answer). It expects no answer from the company, so the
    thread does not go back to the queue. Check
    permissions.check_can_answer_invitation, and forum's check_can_answer, first."""
    now = now or timezone.now()
    invitation = _answer_invitation(case, answer=Invitation.Answer.UPDATED, now=now)
    if invitation is None:
        return None
    question = Post.objects.question_of(case.thread).get()
    post = forum_actions.reply(parent=question, author=by, body=body, expects_answer=False, now=now)
    Invitation.objects.filter(pk=invitation.pk).update(post=post)
    return post


@transaction.atomic
def dismiss_invitation(*, case: Case, now: datetime | None = None) -> bool:
    """The customer would rather leave the thread as it is: the invitation is never shown
    again. Check permissions.check_can_answer_invitation first."""
    return _answer_invitation(case, answer=Invitation.Answer.DISMISSED, now=now or timezone.now()) is not None
