"""Asking for an official answer (security review, issue 8): only the asker or a member
with the same problem, only on an open unsolved thread, limited per member, recorded, and
counted from the request rather than from the thread's creation."""

from datetime import timedelta

import pytest
from django.urls import reverse

from forum import actions as forum_actions
from forum.models import Thread
from responses import actions, jobs
from responses.conf import conf as responses_conf
from responses.models import OfficialRequest, QueueThread
from tests.factories import UserFactory, make_answer

pytestmark = pytest.mark.django_db


def request_url(thread) -> str:
    return reverse("responses:request_official", args=[thread.pk])


def test_a_member_who_neither_asked_nor_said_me_too_cannot_ask(client, asked):
    thread = asked(5)
    client.force_login(UserFactory())
    assert client.post(request_url(thread)).status_code == 403
    thread.refresh_from_db()
    assert thread.response_state.official_requested_at is None
    assert not OfficialRequest.objects.exists()


def test_a_member_who_said_me_too_can_ask_and_the_request_names_them(client, asked):
    thread = asked(5)
    fellow = UserFactory()
    forum_actions.set_me_too(user=fellow, thread=thread, on=True)
    client.force_login(fellow)
    assert client.post(request_url(thread)).status_code == 302
    assert list(OfficialRequest.objects.values_list("thread_id", "requested_by_id")) == [(thread.pk, fellow.pk)]


def test_a_solved_thread_cannot_be_asked_about(client, asked):
    thread = asked(60 * 24 * 28)
    answer = make_answer(thread=thread, author=UserFactory())
    forum_actions.accept_answer(post=answer, by=thread.author)
    client.force_login(thread.author)
    assert client.post(request_url(thread)).status_code == 403
    assert not QueueThread.objects.awaiting_official().filter(pk=thread.pk).exists()


@pytest.mark.parametrize("status", [Thread.Status.LOCKED, Thread.Status.DUPLICATE])
def test_a_closed_thread_cannot_be_asked_about(client, asked, status):
    thread = asked(5)
    Thread.objects.filter(pk=thread.pk).update(status=status)
    client.force_login(thread.author)
    assert client.post(request_url(thread)).status_code == 403


def test_an_old_thread_asked_about_today_waits_from_the_request_not_from_its_creation(asked, now):
    thread = asked(60 * 24 * 28)  # 28 days old, answered by the community, never flagged
    make_answer(thread=thread, author=UserFactory(), now=now - timedelta(days=27))
    actions.request_official_response(thread=thread, by=thread.author, now=now)
    row = QueueThread.objects.official_queue(now=now + timedelta(minutes=30)).get(pk=thread.pk)
    assert row.waited_minutes == pytest.approx(30, abs=0.1)
    assert row.priority < 50  # not the 13,839.8 points the review saw
    assert jobs.escalate_overdue_threads(now=now + timedelta(minutes=30)) == {1: [], 2: []}
    # It escalates like any other item, counted from the request.
    assert jobs.escalate_overdue_threads(now=now + 4 * responses_conf.UNANSWERED_LAG) == {1: [thread.pk], 2: []}


def test_a_flagged_thread_keeps_waiting_from_its_creation(asked, now):
    thread = asked(30)
    actions.request_official_response(thread=thread, by=thread.author, now=now)
    jobs.mark_overdue_threads(now=now + timedelta(minutes=31))
    thread.refresh_from_db()
    assert thread.response_state.waiting_since == thread.created_at


def test_requests_are_limited_per_member(client, asked):
    member = UserFactory()
    threads = [asked(5, author=member, title=f"Question number {n} about my hub") for n in range(6)]
    client.force_login(member)
    limit = responses_conf.OFFICIAL_REQUESTS_PER_DAY
    statuses = [client.post(request_url(thread)).status_code for thread in threads[: limit + 1]]
    assert statuses == [302] * limit + [429]
    assert OfficialRequest.objects.filter(requested_by=member).count() == limit
    refused = client.post(request_url(threads[limit]))
    assert "the most allowed" in refused.content.decode()


def test_the_limit_counts_the_last_24_hours_only(asked, now):
    member = UserFactory()
    limit = responses_conf.OFFICIAL_REQUESTS_PER_DAY
    threads = [asked(5, author=member, title=f"Question number {n} about my hub") for n in range(limit + 1)]
    for thread in threads[:limit]:
        actions.request_official_response(thread=thread, by=member, now=now - timedelta(hours=25))
    assert actions.request_official_response(thread=threads[limit], by=member, now=now)


def test_asking_twice_records_one_request(asked, now):
    thread = asked(5)
    assert actions.request_official_response(thread=thread, by=thread.author, now=now)
    assert not actions.request_official_response(thread=thread, by=thread.author, now=now)
    assert OfficialRequest.objects.count() == 1


def test_reps_see_who_asked_on_the_thread_and_in_the_queue(client, asked, reps):
    thread = asked(5)
    fellow = UserFactory(display_name="Fellow Customer")
    forum_actions.set_me_too(user=fellow, thread=thread, on=True)
    actions.request_official_response(thread=thread, by=fellow)
    client.force_login(reps[0])
    panel = client.get(thread.get_absolute_url()).content.decode()
    requests = panel[panel.index('data-testid="official-requests"') :]
    assert "Fellow Customer" in requests[: requests.index("</dd>")]
    row = client.get(reverse("responses:official_queue")).content.decode()
    assert "Official answer requested</span> by" in row
    assert "Fellow Customer" in row


def test_the_button_shows_only_to_those_who_may_ask(client, asked):
    thread = asked(5)
    client.force_login(UserFactory())
    assert "Ask for an official answer" not in client.get(thread.get_absolute_url()).content.decode()
    client.force_login(thread.author)
    assert "Ask for an official answer" in client.get(thread.get_absolute_url()).content.decode()


def test_a_thread_locked_while_in_the_queue_leaves_it(asked, now):
    thread = asked(5)
    actions.request_official_response(thread=thread, by=thread.author, now=now)
    assert QueueThread.objects.official_queue(now=now).filter(pk=thread.pk).exists()
    Thread.objects.filter(pk=thread.pk).update(status=Thread.Status.LOCKED)
    assert not QueueThread.objects.official_queue(now=now).filter(pk=thread.pk).exists()
