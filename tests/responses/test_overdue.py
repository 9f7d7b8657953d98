"""The lag-time flag and the escalation ladder (design, "Response time", points 1 to 3)."""

import threading
from datetime import timedelta

import pytest
from django.db import OperationalError, connection, transaction

from forum.models import Notification, Thread
from responses import actions, jobs
from tests.concurrency import run_together
from tests.factories import UserFactory, make_answer, set_state

pytestmark = pytest.mark.django_db


def flagged(thread) -> bool:
    return Thread.objects.get(pk=thread.pk).response_state.overdue_at is not None


def test_a_thread_just_past_its_lag_is_flagged_and_one_just_short_is_not(asked, now, reps):
    past = asked(60.5)
    short = asked(59.5)
    assert jobs.mark_overdue_threads(now=now) == [past.pk]
    assert flagged(past)
    assert not flagged(short)


def test_the_shortest_tag_lag_wins(asked, now, lag_policy, reps):
    lag_policy("billing", 30)
    lag_policy("slow", 120)
    billing_and_wifi = asked(31, tags=["billing", "wifi"])  # 30 beats the default 60
    slow_and_wifi = asked(61, tags=["slow", "wifi"])  # the default 60 beats 120
    slow_only = asked(61, tags=["slow"])  # 120: not yet
    wifi_only = asked(31, tags=["wifi"])  # 60: not yet
    ids = jobs.mark_overdue_threads(now=now)
    assert sorted(ids) == sorted([billing_and_wifi.pk, slow_and_wifi.pk])
    assert not flagged(slow_only)
    assert not flagged(wifi_only)


def test_an_answered_thread_is_not_flagged_but_the_askers_own_follow_up_does_not_count(asked, now, reps):
    answered = asked(90)
    make_answer(thread=answered, author=UserFactory(), now=now - timedelta(minutes=80))
    self_answered = asked(90)
    make_answer(
        thread=self_answered, author=self_answered.author, body="Bump: still broken.", now=now - timedelta(minutes=80)
    )
    assert jobs.mark_overdue_threads(now=now) == [self_answered.pk]


def test_flagging_twice_flags_and_notifies_once(asked, now, reps):
    thread = asked(61)
    first = jobs.mark_overdue_threads(now=now)
    again_at_once = jobs.mark_overdue_threads(now=now)
    second = jobs.mark_overdue_threads(now=now + timedelta(minutes=1))
    assert (first, again_at_once, second) == ([thread.pk], [], [])
    notes = Notification.objects.filter(recipient__in=reps)
    assert notes.count() == len(reps)
    assert all("waiting past its lag" in note.text and note.url == "/official/" for note in notes)
    assert Thread.objects.get(pk=thread.pk).response_state.overdue_at == now


def test_members_are_not_notified_of_flags(asked, now, reps):
    asked(61)
    member = UserFactory()
    jobs.mark_overdue_threads(now=now)
    assert not Notification.objects.filter(recipient=member).exists()


def test_past_four_lags_without_an_official_reply_escalates_to_level_1_once(asked, now, reps, lead):
    thread = asked(4 * 60 + 1)
    young = asked(61)
    jobs.mark_overdue_threads(now=now)
    Notification.objects.all().delete()
    assert jobs.escalate_overdue_threads(now=now) == {1: [thread.pk], 2: []}
    assert jobs.escalate_overdue_threads(now=now + timedelta(minutes=1)) == {1: [], 2: []}
    assert Thread.objects.get(pk=thread.pk).response_state.escalation_level == 1
    assert Thread.objects.get(pk=young.pk).response_state.escalation_level == 0
    assert Notification.objects.filter(recipient__in=reps, text__startswith="Escalation level 1").count() == 2
    # Leads are in the reps' audience too (they can work the queue), but level 2 is theirs alone.
    assert not Notification.objects.filter(text__startswith="Escalation level 2").exists()


def test_past_24_hours_escalates_to_level_2_and_notifies_the_leads_once(asked, now, reps, lead):
    thread = asked(25 * 60)
    jobs.mark_overdue_threads(now=now)
    Notification.objects.all().delete()
    assert jobs.escalate_overdue_threads(now=now) == {1: [], 2: [thread.pk]}
    assert jobs.escalate_overdue_threads(now=now + timedelta(minutes=5)) == {1: [], 2: []}
    level_2 = Notification.objects.filter(text__startswith="Escalation level 2")
    assert list(level_2.values_list("recipient", flat=True)) == [lead.pk]


def test_a_level_1_thread_goes_to_level_2_later_notifying_each_audience_once(asked, now, reps, lead):
    thread = asked(5 * 60)
    jobs.mark_overdue_threads(now=now)
    jobs.escalate_overdue_threads(now=now)
    assert jobs.escalate_overdue_threads(now=now + timedelta(hours=20)) == {1: [], 2: [thread.pk]}
    assert Notification.objects.filter(text__startswith="Escalation level 1").count() == 3  # 2 reps + lead
    assert Notification.objects.filter(text__startswith="Escalation level 2").count() == 1


def test_an_official_reply_or_a_dismissal_stops_escalation(asked, now, reps):
    answered = asked(5 * 60)
    dismissed = asked(5 * 60)
    jobs.mark_overdue_threads(now=now - timedelta(hours=3))
    make_answer(thread=answered, author=reps[0], now=now - timedelta(minutes=5)).__class__.objects.filter(
        thread=answered
    ).update(is_official=True)
    set_state(Thread.objects.filter(pk=answered.pk), first_official_at=now - timedelta(minutes=5))
    actions.dismiss_thread(thread=dismissed, by=reps[0], reason="Duplicate of a solved thread")
    assert jobs.escalate_overdue_threads(now=now) == {1: [], 2: []}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_workers_flagging_at_once_flag_and_notify_once(postgresql, asked, now, reps):
    threads = [asked(61 + index) for index in range(5)]
    results, errors = run_together(
        [lambda offset=offset: jobs.mark_overdue_threads(now=now + timedelta(microseconds=offset)) for offset in (1, 2)]
    )
    assert errors == []
    flagged_ids = sorted(pk for result in results for pk in result)
    assert flagged_ids == sorted(thread.pk for thread in threads)  # each thread by exactly one worker
    runs_that_flagged = sum(1 for result in results if result)
    assert Notification.objects.count() == runs_that_flagged * len(reps)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_workers_escalating_and_offering_at_once_do_each_once(postgresql, asked, now, reps, lead):
    """Found by bench/scale_out.py: these UPDATEs filter across joins, so Django writes them as
    `WHERE id IN (SELECT ...)`, which PostgreSQL does not re-check on a row another worker has
    just changed; the guard must stand in the UPDATE's own WHERE clause."""
    level_1 = [asked(4 * 60 + 1 + index) for index in range(3)]
    level_2 = [asked(25 * 60 + index) for index in range(3)]
    fresh = [asked(40 + index) for index in range(3)]
    for thread in fresh:  # asked for an official answer 31 minutes ago: past half its lag
        actions.request_official_response(thread=thread, by=thread.author, now=now - timedelta(minutes=31))
    jobs.mark_overdue_threads(now=now - timedelta(minutes=20))  # the fresh ones are not overdue yet
    jobs.mark_overdue_threads(now=now)
    Notification.objects.all().delete()
    later = [now + timedelta(microseconds=offset) for offset in (1, 2)]
    results, errors = run_together([lambda at=at: jobs.escalate_overdue_threads(now=at) for at in later])
    assert errors == []
    assert sorted(pk for result in results for pk in result[1]) == sorted(t.pk for t in level_1)
    assert sorted(pk for result in results for pk in result[2]) == sorted(t.pk for t in level_2)
    assert Notification.objects.filter(text__startswith="Escalation level 2").count() == 1
    offered, errors = run_together([lambda at=at: jobs.offer_unclaimed_threads(now=at) for at in later])
    assert errors == []
    assert sorted(pk for result in offered for pk in result) == sorted(t.pk for t in fresh)


def _mark_overdue_waiting_at_most_a_second(now):
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL lock_timeout = '1s'")
        return jobs.mark_overdue_threads(now=now)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_engine_s_jobs_take_turns(postgresql, asked, now, reps):
    """Found by bench/worst_day.py: marking overdue and escalating, run by two workers at
    once, each wrote many of the same rows in its own order and deadlocked. A job now waits
    for the turn another holds (PostgreSQL's lock_timeout is the judge, not a clock)."""
    thread = asked(61)
    holding, release = threading.Event(), threading.Event()

    def escalating():
        try:
            with transaction.atomic():
                jobs._take_turns()
                holding.set()
                release.wait(timeout=30)
        finally:
            connection.close()

    holder = threading.Thread(target=escalating)
    holder.start()
    assert holding.wait(timeout=30)
    try:
        with pytest.raises(OperationalError, match="lock timeout"):
            _mark_overdue_waiting_at_most_a_second(now)
    finally:
        release.set()
        holder.join(timeout=30)
    assert jobs.mark_overdue_threads(now=now) == [thread.pk]  # its turn now
