"""Queue rules live in responses/permissions.py and actions keep who did what (issue 9)."""

import pytest
from django.urls import reverse

from forum import actions as forum_actions
from forum.models import ThreadEvent
from responses import actions, jobs
from responses.conf import conf as responses_conf
from responses.models import QueueClaim, QueueDismissal, QueueThread
from tests.concurrency import run_together
from tests.factories import UserFactory, make_answer

pytestmark = pytest.mark.django_db


@pytest.fixture
def overdue(asked, now):
    thread = asked(70)
    jobs.mark_overdue_threads(now=now)
    thread.refresh_from_db()
    return thread


def test_only_the_holder_or_a_lead_releases_a_claim(client, overdue, reps, lead):
    actions.claim_thread(thread=overdue, by=reps[0])
    client.force_login(reps[1])
    assert client.post(reverse("responses:release", args=[overdue.pk])).status_code == 403
    assert QueueClaim.objects.get(thread=overdue).claimed_by == reps[0]
    client.force_login(lead)
    assert client.post(reverse("responses:release", args=[overdue.pk])).status_code == 302
    assert not QueueClaim.objects.exists()
    assert ThreadEvent.objects.filter(thread=overdue, kind=ThreadEvent.Kind.RELEASED).get().actor == lead


def test_a_thread_that_never_entered_the_queue_cannot_be_dismissed(client, asked, reps):
    fresh = asked(5)  # not yet overdue, nobody asked for an official answer
    client.force_login(reps[0])
    response = client.post(reverse("responses:dismiss", args=[fresh.pk]), {"reason": "Looks fine to me"})
    assert response.status_code == 403
    assert not QueueDismissal.objects.exists()


def test_a_closed_or_officially_answered_thread_cannot_be_claimed(client, overdue, reps):
    official = make_answer(thread=overdue, author=reps[1], body="Official: we have fixed the line now.")
    forum_actions.mark_official(post=official, by=reps[1])
    client.force_login(reps[0])
    assert client.post(reverse("responses:claim", args=[overdue.pk])).status_code == 403


def test_queue_actions_record_who_did_them(overdue, reps, now):
    actions.claim_thread(thread=overdue, by=reps[0], now=now)
    actions.claim_thread(thread=overdue, by=reps[1], now=now)
    actions.dismiss_thread(thread=overdue, by=reps[1], reason="Duplicate of a solved thread", now=now)
    history = [(event.kind, event.actor, event.note) for event in ThreadEvent.objects.filter(thread=overdue)]
    assert history == [
        (ThreadEvent.Kind.CLAIMED, reps[0], ""),
        (ThreadEvent.Kind.CLAIM_TAKEN_OVER, reps[1], ""),
        (ThreadEvent.Kind.DISMISSED, reps[1], "Duplicate of a solved thread"),
    ]


def test_unaccepting_records_who_took_the_accept_back(asked):
    thread = asked(5)
    answer = make_answer(thread=thread, author=UserFactory())
    moderator = UserFactory(groups=["Moderators"])
    forum_actions.accept_answer(post=answer, by=thread.author)
    forum_actions.unaccept_answer(thread=thread, by=moderator)
    kinds = list(ThreadEvent.objects.filter(thread=thread).values_list("kind", "actor"))
    assert kinds == [(ThreadEvent.Kind.ACCEPTED, thread.author.pk), (ThreadEvent.Kind.UNACCEPTED, moderator.pk)]


def test_reps_read_the_history_on_the_threads_panel(client, overdue, reps):
    actions.claim_thread(thread=overdue, by=reps[0])
    client.force_login(reps[1])
    html = client.get(overdue.get_absolute_url()).content.decode()
    assert f"{reps[0].name} claimed the thread" in html


def test_superusers_and_per_user_permissions_hear_about_overdue_threads(asked, now):
    from django.contrib.auth.models import Permission

    from forum.models import Notification

    superuser = UserFactory(is_superuser=True)
    direct = UserFactory()
    direct.user_permissions.add(Permission.objects.get(codename="work_official_queue"))
    member = UserFactory()
    asked(70)
    jobs.mark_overdue_threads(now=now)
    told = set(Notification.objects.values_list("recipient_id", flat=True))
    assert {superuser.pk, direct.pk} <= told
    assert member.pk not in told


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_first_claims_of_one_thread_end_in_one_claim_and_no_error(postgresql, asked, now):
    thread = asked(70)
    jobs.mark_overdue_threads(now=now)
    reps = [UserFactory(groups=["Reps"]) for _ in range(6)]
    _claims, errors = run_together([lambda rep=rep: actions.claim_thread(thread=thread, by=rep) for rep in reps])
    assert errors == []
    claim = QueueClaim.objects.get(thread=thread)
    events = ThreadEvent.objects.filter(thread=thread)
    assert events.filter(kind=ThreadEvent.Kind.CLAIMED).count() == 1
    assert events.filter(kind=ThreadEvent.Kind.CLAIM_TAKEN_OVER).count() == len(reps) - 1
    assert events.order_by("-pk").first().actor == claim.claimed_by  # ids follow the row lock


def test_reps_and_leads_reach_their_queue_and_dashboard_from_the_header(client, overdue, reps, lead):
    client.force_login(reps[0])
    html = client.get("/").content.decode()
    assert 'data-testid="queue-link"' in html
    assert "Official-response queue, 1 waiting" in html
    client.force_login(lead)
    assert "Response-time dashboard" in client.get("/").content.decode()
    client.force_login(UserFactory())
    html = client.get("/").content.decode()
    assert 'data-testid="queue-link"' not in html
    assert "Response-time dashboard" not in html


def test_a_dismissal_is_not_forever(client, overdue, reps, lead, now):
    from responses.models import QueueDismissal

    actions.dismiss_thread(thread=overdue, by=reps[0], reason="Looks answered to me")
    client.force_login(reps[1])
    assert "Looks answered to me" in client.get(reverse("responses:official_queue")).content.decode()  # reps see why
    assert client.post(reverse("responses:undismiss", args=[overdue.pk])).status_code == 403
    client.force_login(lead)
    assert client.post(reverse("responses:undismiss", args=[overdue.pk])).status_code == 302
    assert QueueThread.objects.awaiting_official().filter(pk=overdue.pk).exists()

    actions.dismiss_thread(thread=overdue, by=reps[0], reason="Really answered now")
    make_answer(thread=overdue, author=overdue.author, body="No, it still drops every evening at nine.")
    assert not QueueDismissal.objects.exists()  # the customer's follow-up brings it back
    assert QueueThread.objects.awaiting_official().filter(pk=overdue.pk).exists()


def test_claiming_a_thread_not_yet_in_the_queue_puts_it_there(asked, reps):
    fresh = asked(5)
    assert not QueueThread.objects.awaiting_official().filter(pk=fresh.pk).exists()
    actions.claim_thread(thread=fresh, by=reps[0])
    assert QueueThread.objects.awaiting_official().filter(pk=fresh.pk).exists()
    actions.release_thread(thread=fresh, by=reps[0])
    assert not QueueThread.objects.awaiting_official().filter(pk=fresh.pk).exists()


def test_overdue_and_escalation_notices_list_their_threads(asked, now, reps):
    from django.core import mail

    from forum.models import Notification
    from forum.notifications import send_notification_emails

    titles = [f"Question number {n} about the hub here" for n in range(12)]
    for index, title in enumerate(titles):
        asked(70 + index, title=title, tags=("wifi",))
    jobs.mark_overdue_threads(now=now)
    notice = Notification.objects.filter(recipient=reps[0]).get()
    assert notice.text == "12 threads are waiting past their lag time"
    assert notice.details.count("•") == 10
    assert "(wifi; waiting 1 h 21 min; asker 1 reputation, 0 in these tags)" in notice.details
    assert "… and 2 more in the queue" in notice.details
    send_notification_emails(notification_ids=[notice.pk])
    assert titles[11] in mail.outbox[0].body  # the longest wait comes first


@pytest.fixture
def answered_officially(asked, reps, now):
    from datetime import timedelta

    thread = asked(180)
    official = make_answer(thread=thread, author=reps[0], body="Official: restart the hub from the app.")
    forum_actions.mark_official(post=official, by=reps[0], now=now - timedelta(minutes=100))
    thread.refresh_from_db()
    return thread


def test_that_didnt_work_puts_the_thread_back_in_the_queue_with_its_own_clock(client, answered_officially, reps, now):
    from datetime import timedelta

    thread = answered_officially
    assert not QueueThread.objects.awaiting_official().filter(pk=thread.pk).exists()
    assert "waiting on the customer" in client.get(thread.get_absolute_url()).content.decode()
    make_answer(thread=thread, author=thread.author, body="That didn't work, it still drops at nine.", now=now)
    thread.refresh_from_db()
    assert thread.waits_on_company
    row = QueueThread.objects.official_queue(now=now + timedelta(minutes=10)).get(pk=thread.pk)
    assert row.waited_minutes == pytest.approx(10, abs=0.1)
    assert 'data-testid="waiting-on-company"' in client.get(thread.get_absolute_url()).content.decode()
    # The lag applies again, from the follow-up, exactly once; then it escalates like a new item.
    assert jobs.mark_overdue_threads(now=now + responses_conf.UNANSWERED_LAG / 2) == []
    assert jobs.mark_overdue_threads(now=now + responses_conf.UNANSWERED_LAG) == [thread.pk]
    assert jobs.mark_overdue_threads(now=now + responses_conf.UNANSWERED_LAG * 2) == []
    assert jobs.escalate_overdue_threads(now=now + responses_conf.UNANSWERED_LAG * 4) == {1: [thread.pk], 2: []}
    # A rep's official answer: waiting on the customer again, out of the queue.
    forum_actions.post_answer(author=reps[1], thread=thread, body="Official: we replaced the line card.", official=True)
    thread.refresh_from_db()
    assert not thread.waits_on_company
    assert not QueueThread.objects.awaiting_official().filter(pk=thread.pk).exists()


def test_a_rep_marks_a_follow_up_done(client, answered_officially, reps, now):
    thread = answered_officially
    make_answer(thread=thread, author=thread.author, body="Thanks, all good now, it works!", now=now)
    client.force_login(reps[0])
    reason = "The customer says it works now."
    assert client.post(reverse("responses:mark_done", args=[thread.pk]), {"reason": reason}).status_code == 302
    assert not QueueThread.objects.awaiting_official().filter(pk=thread.pk).exists()
    assert ThreadEvent.objects.filter(
        thread=thread, kind=ThreadEvent.Kind.MARKED_DONE, actor=reps[0], note=reason
    ).exists()


def test_a_strangers_reply_after_the_official_answer_does_not_reopen_it(answered_officially, now):
    make_answer(thread=answered_officially, author=UserFactory(), body="Same here, but my hub is different.")
    answered_officially.refresh_from_db()
    assert answered_officially.response_state.follow_up_at is None
