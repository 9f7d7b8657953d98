""" "Done without a reply" takes a reason, and can be undone for ten minutes: from the message
that says it is done, and from the thread's rep panel. Undoing puts the item back exactly (its
place in the queue, its clock, its claim) and is logged; it is refused once the window has
passed or when the thread moved on (responses/done.py)."""

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from forum import actions as forum_actions
from forum.models import ThreadEvent
from responses import actions, done, usecases
from responses.models import DoneRecord, QueueClaim, QueueThread, ResponseState
from tests.factories import UserFactory, make_answer, make_thread

STATE = (
    "follow_up_at",
    "waiting_since",
    "overdue_at",
    "escalation_level",
    "escalated_at",
    "offered_at",
    "due_at",
    "escalates_at",
    "offers_at",
    "queued",
    "first_official_at",
)
REASON = "The customer says it works since the firmware update."


def followed_up(title: str, *, rep, minutes_ago: int):
    """Answered officially, then the asker's "that did not work" `minutes_ago`: in the queue."""
    now = timezone.now()
    asker = UserFactory()
    thread = make_thread(author=asker, title=title, now=now - timedelta(hours=5))
    forum_actions.post_answer(
        author=rep, thread=thread, body="Official: update the firmware.", official=True, now=now - timedelta(hours=4)
    )
    make_answer(
        thread=thread, author=asker, body="That did not work, it still drops.", now=now - timedelta(minutes=minutes_ago)
    )
    return thread


@pytest.fixture
def queue(rep, lead):
    """Three follow-ups; the middle one assigned by a lead to another rep."""
    threads = [
        followed_up(f"Follow-up waiting {minutes} minutes on the hub", rep=rep, minutes_ago=minutes)
        for minutes in (90, 60, 30)
    ]
    holder = UserFactory(display_name="Ravi", groups=["Reps"])
    actions.assign_thread(thread=threads[1], rep=holder, by=lead, now=timezone.now() - timedelta(minutes=20))
    return threads


def order(now):
    return list(QueueThread.objects.official_queue(now=now).values_list("pk", flat=True))


def snapshot(thread):
    state = ResponseState.objects.filter(pk=thread.pk).values(*STATE).get()
    claim = QueueClaim.objects.filter(thread=thread).values("claimed_by", "claimed_at", "assigned_by").first()
    return state, claim


def test_undoing_done_restores_the_item_exactly_place_clock_claim_and_is_logged(client, rep, lead, queue):
    thread = queue[1]
    before_order, before = order(timezone.now()), snapshot(thread)
    assert before[1] is not None
    assert before[1]["assigned_by"] == lead.pk

    client.force_login(rep)
    response = client.post(reverse("responses:mark_done", args=[thread.pk]), {"reason": REASON})
    assert response.status_code == 302
    assert thread.pk not in order(timezone.now())
    assert not QueueClaim.objects.filter(thread=thread).exists()
    assert ThreadEvent.objects.filter(thread=thread, kind=ThreadEvent.Kind.MARKED_DONE, actor=rep, note=REASON).exists()
    # The message that says so carries the Undo button, a POST form with its token.
    [message] = [str(message) for message in get_messages(response.wsgi_request)]
    assert "is marked done" in message
    assert f'action="{reverse("responses:undo_done", args=[thread.pk])}"' in message
    assert 'name="csrfmiddlewaretoken"' in message
    assert ">Undo</button>" in message

    response = client.post(reverse("responses:undo_done", args=[thread.pk]))
    assert response.status_code == 302
    assert order(timezone.now()) == before_order
    assert snapshot(thread) == before
    record = DoneRecord.objects.get(thread=thread)
    assert record.undone_at is not None
    assert record.reason == REASON
    assert ThreadEvent.objects.filter(thread=thread, kind=ThreadEvent.Kind.DONE_UNDONE, actor=rep).exists()
    # Undoing twice does nothing more: there is nothing left to undo.
    assert client.post(reverse("responses:undo_done", args=[thread.pk])).status_code == 409
    assert snapshot(thread) == before


def test_the_reason_is_required_and_what_was_typed_is_kept(client, rep, queue):
    thread = queue[0]
    client.force_login(rep)
    response = client.post(reverse("responses:mark_done", args=[thread.pk]), {"reason": ""})
    assert response.status_code == 400
    assert "Say why the customer&#x27;s follow-up needs no further reply." in response.content.decode()
    response = client.post(reverse("responses:mark_done", args=[thread.pk]), {"reason": "ok?"})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'value="ok?"' in html
    assert "Say a little more." in html
    assert thread.pk in order(timezone.now())
    assert not DoneRecord.objects.exists()


def test_undo_is_refused_after_ten_minutes(client, rep, queue):
    thread = queue[0]
    marked_at = timezone.now() - done.DONE_UNDO_WINDOW - timedelta(minutes=1)
    actions.mark_done(thread=thread, by=rep, reason=REASON, now=marked_at)
    client.force_login(rep)
    response = client.post(reverse("responses:undo_done", args=[thread.pk]))
    assert response.status_code == 409
    assert "can be undone for 10 minutes only" in response.content.decode()
    assert thread.pk not in order(timezone.now())
    # Within the window (by the clock passed in) it still could be.
    with pytest.raises(done.CannotUndo):
        usecases.undo_done(rep, thread.pk, limiter=lambda *a, **k: None, now=marked_at + timedelta(minutes=11))
    usecases.undo_done(rep, thread.pk, limiter=lambda *a, **k: None, now=marked_at + timedelta(minutes=9))
    assert thread.pk in order(timezone.now())


def test_undo_is_refused_when_the_customer_wrote_again_or_the_company_answered(client, rep, queue):
    wrote, answered = queue[0], queue[2]
    for thread in (wrote, answered):
        actions.mark_done(thread=thread, by=rep, reason=REASON)
    make_answer(thread=wrote, author=wrote.author, body="It dropped again tonight, twice.")
    forum_actions.post_answer(
        author=rep, thread=answered, body="Official: an engineer visits on Monday.", official=True
    )
    client.force_login(rep)
    response = client.post(reverse("responses:undo_done", args=[wrote.pk]))
    assert response.status_code == 409
    assert "The customer wrote again" in response.content.decode()
    response = client.post(reverse("responses:undo_done", args=[answered.pk]))
    assert response.status_code == 409
    assert "The company has answered since" in response.content.decode()
    assert not ThreadEvent.objects.filter(kind=ThreadEvent.Kind.DONE_UNDONE).exists()


def test_members_and_visitors_may_neither_mark_done_nor_undo(client, member, rep, queue):
    thread = queue[0]
    actions.mark_done(thread=thread, by=rep, reason=REASON)
    for url in (reverse("responses:mark_done", args=[thread.pk]), reverse("responses:undo_done", args=[thread.pk])):
        client.logout()
        assert client.post(url, {"reason": REASON})["Location"].startswith(reverse("account_login"))
        client.force_login(member)
        assert client.post(url, {"reason": REASON}).status_code == 403
    assert DoneRecord.objects.get().undone_at is None


def test_a_lead_undoes_a_reps_done_from_the_thread_page_for_ten_minutes(client, rep, lead, queue):
    thread = queue[2]
    actions.mark_done(thread=thread, by=rep, reason=REASON, now=timezone.now() - timedelta(minutes=3))
    client.force_login(lead)
    html = client.get(thread.get_absolute_url()).content.decode()
    assert 'data-testid="done-undo"' in html
    assert f"Marked done by {rep.name}" in html
    assert "3\xa0minutes ago" in html
    response = client.post(reverse("responses:undo_done", args=[thread.pk]), {"next": thread.get_absolute_url()})
    assert response["Location"] == thread.get_absolute_url()
    assert thread.pk in order(timezone.now())
    assert 'data-testid="done-undo"' not in client.get(thread.get_absolute_url()).content.decode()


def test_the_thread_page_offers_no_undo_after_ten_minutes(client, rep, queue):
    thread = queue[2]
    actions.mark_done(thread=thread, by=rep, reason=REASON, now=timezone.now() - timedelta(minutes=11))
    client.force_login(rep)
    assert 'data-testid="done-undo"' not in client.get(thread.get_absolute_url()).content.decode()
