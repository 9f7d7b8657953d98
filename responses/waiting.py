"""The recorder: every change of a thread's waiting state (responses.models.ResponseState) is
written here, and nowhere else but the periodic jobs (responses/jobs.py).

The forum's and the cases' actions call it directly, inside their transactions and holding
the thread's row, through the port the forum declares (forum/engine.py); this module is
what responses.apps installs there. The queue's verbs (responses/actions.py) call it too.

After each change `settle()` (responses/derived.py) recomputes, in the database, the columns
derived from the others: `queued` (the official-response queue's rule), `due_at` (when the
current wait breaches the lag), `escalates_at` and `offers_at` (when the queue item is next
escalated, and offered to every rep): one spelling of each, which the jobs read by index.
The times are stored with today's configuration (the default lag, the escalation and offer
settings); retime_if_configuration_changed() stores them again when a deployment changes it.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db.models import Exists, F, IntegerField, Max, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from cases.models import Case as PrivateCase
from config import pagecache
from forum.engine import Clock
from forum.models import MeToo, Post, TagReputation, Thread, ThreadEvent
from responses import second_look, spikes, velocity
from responses.conf import conf
from responses.derived import open_question_in_forum, settle, settle_thread, span_minutes, update_settled
from responses.expressions import effective_lag_minutes, relative_reputation, thread_tags
from responses.lags import configured_default_lag_minutes, lag_minutes_of_tags
from responses.models import QueueDismissal, ResponseState, StoredTiming


def timing_configuration() -> str:
    """What the stored times depend on besides each thread's own facts and tags."""
    return (
        f"lag {configured_default_lag_minutes()} min; escalation x{conf.ESCALATION_LAG_MULTIPLE}, "
        f"level 2 {span_minutes(conf.ESCALATION_LEVEL_2_AFTER):g} min; offer x{conf.OFFER_TO_ALL_FRACTION:g}"
    )


def retime_if_configuration_changed(*, now: datetime) -> int:
    """Store every waiting thread's times again if the configuration they were stored with is
    not today's (a deployment changed UNANSWERED_LAG_MINUTES, say, or this is the first run
    after the times were added). One query when nothing changed. Returns the rows re-timed."""
    configuration = timing_configuration()
    if StoredTiming.objects.filter(pk=1, configuration=configuration).exists():
        return 0
    # Only rows that can hold a time: a closed thread's, or one the company has answered
    # with no follow-up and nothing queued, has none and keeps none.
    waiting = Q(queued=True) | Q(first_response_at=None) | Q(follow_up_at__isnull=False)
    count = refresh_lags(ResponseState.objects.filter(waiting))
    StoredTiming.objects.update_or_create(pk=1, defaults={"configuration": configuration, "retimed_at": now})
    return count


def _states(thread, *, changes_pages: bool = True) -> QuerySet[ResponseState]:
    """The thread's state row, about to change: the queue and the thread's own page (its
    clock) show it (config/pagecache.py). The lists' own changes (answered, official) are
    bumped by the forum's and the cases' actions that made them."""
    return ResponseState.objects.filter(pk=_changed(thread) if changes_pages else getattr(thread, "pk", thread))


def _changed(thread) -> int:
    """The thread's id, its state row about to change: the pages that show it (_states)."""
    pk = getattr(thread, "pk", thread)
    pagecache.changed("queue", f"thread:{pk}")
    return pk


def _state(thread: Thread) -> ResponseState:
    return ResponseState.objects.get(pk=thread.pk)


# --- What the forum's and the cases' actions report (forum.engine.ResponseEngine) ------------


def thread_created(*, thread: Thread, heat: float, now: datetime) -> None:
    """A thread's state row, made in its creating transaction, after its tags are set.

    Written whole in one INSERT after four small reads (its tags, their lag policies, the
    default lag, the asker's reputation in them): a new thread is in no queue, so of the derived columns only its due
    time follows from its facts. Stored and then settled in SQL, the row cost every new thread
    35 ms of building Django's expressions (docs/performance.md, issue 29);
    tests/responses/test_thread_created.py holds the row to what refresh_lags() and settle()
    would make of it. A new thread is in no queue yet; the action that made it bumps its lists
    and its page."""
    timed = thread.kind == Thread.Kind.QUESTION and thread.is_open
    tag_ids = list(thread.tags.values_list("pk", flat=True))
    lag = lag_minutes_of_tags(tag_ids)
    best = TagReputation.objects.filter(user_id=thread.author_id, tag_id__in=tag_ids).aggregate(best=Max("reputation"))
    ResponseState.objects.create(
        thread=thread,
        heat=heat,
        asked_at=thread.created_at,
        timed=timed,
        lag_minutes=lag,
        due_at=thread.created_at + timedelta(minutes=lag) if timed else None,
        asker_tag_reputation=max(best["best"] or 0, 0),
    )


def tags_changed(*, thread_ids: list[int]) -> None:
    refresh_lags(ResponseState.objects.filter(pk__in=thread_ids))
    refresh_asker_tag_reputation(ResponseState.objects.filter(pk__in=thread_ids))


def refresh_asker_tag_reputation(states: QuerySet[ResponseState]) -> int:
    """Store the asker's best reputation among each thread's tags (ResponseState.
    asker_tag_reputation); rows that already hold it are not written. Returns the rows changed.

    Copied when the thread is made, reopened or retagged; a vote's change to it reaches the
    queue's rows within a minute (jobs.refresh_askers_standing), not in the vote's own
    transaction: there it would lock every open question of the post's author, beside the
    jobs' own updates of those rows, and cost every vote a write for at most 3 points of a
    priority that the wait alone moves by 10 a lag."""
    best = Thread.objects.filter(pk=OuterRef("pk")).annotate(best=relative_reputation()).values("best")[:1]
    current = Coalesce(Subquery(best, output_field=IntegerField()), Value(0))
    stale = states.alias(current=current).exclude(asker_tag_reputation=F("current"))
    return stale.update(asker_tag_reputation=F("current"))


def refresh_lags(states: QuerySet[ResponseState]) -> int:
    """Store each thread's lag (the shortest among its tags, else the default) and what it
    decides (due_at). Called when a thread's tags, a lag policy or the default lag change."""
    lag = Coalesce(Subquery(effective_lag_minutes_values(), output_field=IntegerField()), Value(1))
    changed = states.update(lag_minutes=lag)
    settle(states)
    return changed


def effective_lag_minutes_values():
    # One row, one column: the thread's effective lag (responses/expressions.py), at OuterRef("pk").
    return Thread.objects.filter(pk=OuterRef("pk")).annotate(lag=effective_lag_minutes()).values("lag")[:1]


def refresh_lags_of_tags(tag_ids: list[int] | None = None) -> int:
    """After a lag policy changed (its tags), or the default lag (None: every thread)."""
    states = ResponseState.objects.all()
    if tag_ids is not None:
        states = states.filter(Exists(thread_tags().filter(tag_id__in=tag_ids)))
    return refresh_lags(states)


def open_changed(*, thread: Thread) -> None:
    """The thread was closed (locked, a duplicate), withdrawn by its asker, or opened again:
    the engine's times follow (a closed thread is timed by nothing)."""
    update_settled(_states(thread), timed=open_question_in_forum())
    refresh_asker_tag_reputation(_states(thread, changes_pages=False))


def heat_changed(*, thread: Thread, heat: float) -> None:
    _states(thread).update(heat=heat)


def answered(*, post: Post, thread: Thread, official: bool, follow_up: bool, now: datetime) -> None:
    """An answer on `thread` (as it was before the answer, its row locked): someone other
    than the asker is the first response; the asker's reply outweighs a rep's dismissal; the
    customer's reply after the official answer puts the thread back in the queue. A reply
    that expects no answer (`follow_up=False`, the asker's update after a resolved case)
    changes nothing for the queue."""
    author = post.author
    if author.pk != thread.author_id:
        _states(thread).filter(first_response_at=None).update(first_response_at=now)
    if follow_up and not official:
        _customer_wrote(author=author, thread=thread, now=now)
    settle_thread(_changed(thread))


def replied(*, post: Post, thread: Thread, asks_customer: bool, expects_answer: bool, now: datetime) -> None:
    """A reply under a post (not an answer: never the first response). A rep's reply that
    `asks_customer` for a detail makes the thread wait on the customer; the customer's reply
    (the asker's, or a "me too" member's) is their follow-up, as an answer from them is,
    unless it `expects_answer` not (the asker's update after a resolved case)."""
    if asks_customer:
        _states(thread).update(detail_requested_at=now)
    elif expects_answer:
        _customer_wrote(author=post.author, thread=thread, now=now)
    settle_thread(_changed(thread))


def _customer_wrote(*, author, thread: Thread, now: datetime) -> None:
    """The asker's reply outweighs a rep's dismissal; the customer's reply to a request for a
    detail, or after the official answer ("that didn't work"), puts the thread back in the
    queue with its own clock and lag from this reply."""
    if author.pk == thread.author_id:
        bring_back_dismissed(thread=thread, by=author, now=now)
    state = _state(thread)
    asked = state.detail_requested_at is not None
    after_official = state.first_official_at and state.follow_up_at is None
    if thread.kind == Thread.Kind.QUESTION and (asked or after_official) and _is_customer(author, thread):
        _states(thread).update(
            detail_requested_at=None,
            follow_up_at=now,
            waiting_since=now,
            overdue_at=None,
            offered_at=None,
            escalation_level=0,
            escalated_at=None,
        )


def _is_customer(user, thread: Thread) -> bool:
    """The asker, or a member who said "me too": whose reply the company owes an answer."""
    return user.pk == thread.author_id or MeToo.objects.filter(user=user, thread=thread).exists()


def official_given(*, thread: Thread, now: datetime) -> None:
    """An official answer (a rep's reply, or a mark on an answer): the thread's first official
    response if it is the first; a customer's follow-up is answered."""
    _states(thread).filter(first_official_at=None).update(first_official_at=now)
    _states(thread).update(follow_up_at=None, detail_requested_at=None)
    settle_thread(_changed(thread))


def case_opened(*, thread: Thread, now: datetime) -> None:
    """A rep reached out privately: the company has responded, first and officially, and a
    customer's follow-up is answered, as an official reply answers it."""
    _states(thread).filter(first_response_at=None).update(first_response_at=now)
    official_given(thread=thread, now=now)


def official_withdrawn(*, thread: Thread, now: datetime) -> None:
    """An official answer was unmarked or withdrawn: recompute from every channel. The company
    has still responded while an official answer is left or a rep opened a case (open or
    resolved); only when none is left does the thread wait for an official reply again."""
    official_posts = Post.objects.filter(thread=thread, is_official=True)
    cases = PrivateCase.objects.filter(thread=thread)
    if not official_posts.exists() and not cases.exists():
        _states(thread).update(first_official_at=None)
    settle_thread(_changed(thread))


INTEREST = {"me_too": velocity.ME_TOO, "upvote": velocity.UPVOTE, "view": velocity.VIEW}


def interest(*, thread_id: int, amount: str, now: datetime) -> None:
    """A "me too", an up-vote on the question or a counted view (`amount` names which); a
    "me too" may start a spike (spikes.py)."""
    velocity.add_interest(ResponseState.objects.filter(pk=thread_id), INTEREST[amount], now=now)
    if amount == "me_too":
        spikes.me_too_said(thread_id=thread_id, now=now)


# --- The queue's verbs (responses/actions.py) ------------------------------------------------


def official_requested(*, thread: Thread, now: datetime) -> None:
    """A member asked for an official answer (or flagged it as needing one): the thread enters
    the queue, its clock starting now unless it was already waiting."""
    _states(thread).filter(official_requested_at=None).update(official_requested_at=now)
    _states(thread).filter(waiting_since=None).update(waiting_since=now)
    settle_thread(_changed(thread))


def claimed(*, thread: Thread, now: datetime) -> None:
    """A first claim puts the thread in the queue ("I'm on it"), waiting from now unless it was."""
    _states(thread).filter(waiting_since=None).update(waiting_since=now)
    settle_thread(_changed(thread))


def queue_changed(*, thread: Thread) -> None:
    """A claim was released or a dismissal made or undone: the queue's rule decides again."""
    settle_thread(_changed(thread))


def done(*, thread: Thread) -> bool:
    """A rep decided the customer's follow-up needs no further official reply. Returns False
    when there was no follow-up waiting."""
    if not _states(thread).filter(follow_up_at__isnull=False).update(follow_up_at=None):
        return False
    settle_thread(_changed(thread))
    return True


def follow_up_restored(*, thread: Thread, follow_up_at: datetime) -> None:
    """A "done" undone (responses/done.py): the follow-up waits again, its clock from then."""
    _states(thread).update(follow_up_at=follow_up_at)
    settle_thread(_changed(thread))


def bring_back_dismissed(*, thread: Thread, by, now: datetime) -> bool:
    """Undo a dismissal (a lead's decision, a new request, or the customer's follow-up).
    Call inside a transaction. Returns False when the thread was not dismissed."""
    if not QueueDismissal.objects.filter(thread=thread).delete()[0]:
        return False
    ThreadEvent.record(thread=thread, actor=by, kind=ThreadEvent.Kind.UNDISMISSED, at=now)
    settle_thread(_changed(thread))
    return True


# --- What the forum's pages and actions read -------------------------------------------------


def hold_official(*, author, thread: Thread, body: str, asked: bool):
    """Before an official reply goes out: held for a lead's second look? (second_look.py)"""
    return second_look.hold_official(author=author, thread=thread, body=body, asked=asked)


def has_response(thread: Thread) -> bool:
    return thread.response_state.first_response_at is not None


def awaiting_first_response(thread: Thread) -> bool:
    """Open, and nobody but the asker has answered: querysets.awaiting_first_response's twin."""
    return thread.response_state.first_response_at is None and thread.is_open and thread.kind == Thread.Kind.QUESTION


def waits_on_company(thread: Thread) -> bool:
    """Who the thread is waiting on, as support desks say: the company until it has
    answered officially, and again after the customer's follow-up."""
    state = thread.response_state
    return (
        thread.is_open
        and thread.kind == Thread.Kind.QUESTION
        and state.detail_requested_at is None
        and (state.first_official_at is None or state.follow_up_at is not None)
    )


def clock(thread: Thread) -> Clock:
    """The thread page's waiting clock: the question until anyone else answers; the customer's
    follow-up after an official answer; the time it entered the queue while it has no
    official reply (a community answer does not stop the clock of a thread waiting for the
    company). A rep's dismissal stops it (the queue's own rule)."""
    if not thread.is_open:
        return Clock()
    state = thread.response_state
    lag = state.lag_minutes or None
    if state.detail_requested_at is not None:
        return Clock("detail", state.detail_requested_at)
    if state.follow_up_at is not None:
        return Clock("follow_up", state.follow_up_at, lag)
    if awaiting_first_response(thread):
        return Clock("first_response", thread.created_at, lag)
    if state.first_official_at is None and state.waiting_since and not hasattr(thread, "queue_dismissal"):
        return Clock("official", state.waiting_since, lag)
    if state.first_official_at and not thread.accepted_post_id:
        return Clock("customer")
    return Clock()


def with_state(threads: QuerySet) -> QuerySet:
    """What the forum's lists and thread page read of the engine, in the same query."""
    return threads.select_related("response_state", "queue_dismissal")
