"""The engine stores when each waiting thread is next due (responses/waiting.py: due_at,
escalates_at, offers_at), so the periodic jobs read an index instead of comparing every
queued row's wait with its lag (issue 25: under 200 ms in the steady state at 1,000,000
threads). What is stored must say exactly what the jobs used to compute."""

from datetime import timedelta

import pytest
from django.test import override_settings

from forum.actions import withdraw_post
from forum.models import Post
from moderation import actions as moderation_actions
from responses import actions, jobs, waiting
from responses.conf import conf
from responses.models import ResponseState, StoredTiming
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LAG = int(conf.UNANSWERED_LAG.total_seconds() // 60)


def state(thread) -> ResponseState:
    return ResponseState.objects.get(pk=thread.pk)


def test_a_queued_thread_stores_its_next_escalation_and_its_offer(asked, reps, now):
    thread = asked(5)
    actions.request_official_response(thread=thread, by=UserFactory(), now=now)
    row = state(thread)
    assert row.waiting_since == now
    assert row.escalates_at == now + conf.UNANSWERED_LAG * conf.ESCALATION_LAG_MULTIPLE
    assert row.offers_at == now + conf.UNANSWERED_LAG * conf.OFFER_TO_ALL_FRACTION

    # Offered at its time, and only then; then it is offered no more.
    assert jobs.offer_unclaimed_threads(now=row.offers_at - timedelta(seconds=1)) == []
    assert jobs.offer_unclaimed_threads(now=row.offers_at) == [thread.pk]
    assert state(thread).offers_at is None

    # Level 1 at its time, then the stored time moves on to level 2's; level 2 stores none.
    assert jobs.escalate_overdue_threads(now=row.escalates_at - timedelta(seconds=1)) == {1: [], 2: []}
    assert jobs.escalate_overdue_threads(now=row.escalates_at) == {1: [thread.pk], 2: []}
    assert state(thread).escalates_at == now + conf.ESCALATION_LEVEL_2_AFTER
    assert jobs.escalate_overdue_threads(now=now + conf.ESCALATION_LEVEL_2_AFTER) == {1: [], 2: [thread.pk]}
    assert state(thread).escalates_at is None


def test_a_claim_holds_the_offer_back_and_its_release_gives_it_back(asked, reps, now):
    thread = asked(5)
    actions.request_official_response(thread=thread, by=UserFactory(), now=now)
    actions.claim_thread(thread=thread, by=reps[0], now=now)
    assert state(thread).offers_at is None
    assert jobs.offer_unclaimed_threads(now=now + conf.UNANSWERED_LAG) == []
    actions.release_thread(thread=thread, by=reps[0], now=now)
    assert state(thread).offers_at == now + conf.UNANSWERED_LAG * conf.OFFER_TO_ALL_FRACTION


def test_a_closed_thread_keeps_no_time_and_gets_them_back_when_reopened(asked, reps, now):
    moderator = UserFactory(groups=["Moderators"])
    locked, withdrawn = asked(5), asked(5)
    for thread in (locked, withdrawn):
        actions.request_official_response(thread=thread, by=UserFactory(), now=now)
    moderation_actions.lock_thread(thread=locked, by=moderator, reason="Heated")
    question = Post.objects.get(thread=withdrawn, is_question=True)
    withdraw_post(post=question, by=withdrawn.author, now=now)
    for thread in (locked, withdrawn):
        row = state(thread)
        assert (row.due_at, row.escalates_at, row.offers_at) == (None, None, None)
    # The jobs' indexes hold nothing for them: a run far in the future finds nothing due.
    later = now + timedelta(days=30)
    assert jobs.mark_overdue_threads(now=later) == []
    assert jobs.escalate_overdue_threads(now=later) == {1: [], 2: []}

    moderation_actions.unlock_thread(thread=locked, by=moderator, reason="Calmer now")
    row = state(locked)
    assert row.due_at == locked.created_at + conf.UNANSWERED_LAG
    assert row.escalates_at == now + conf.UNANSWERED_LAG * conf.ESCALATION_LAG_MULTIPLE


def test_a_deployment_that_changes_the_default_lag_retimes_the_waiting_threads(asked, now):
    thread = asked(45)
    assert state(thread).due_at == thread.created_at + timedelta(minutes=LAG)
    assert jobs.mark_overdue_threads(now=now) == []  # 45 of 60 minutes
    with override_settings(UNANSWERED_LAG=timedelta(minutes=30)):
        # The next run sees the new configuration, stores every waiting thread's times again,
        # and marks this one, now 15 minutes past its new lag.
        assert jobs.mark_overdue_threads(now=now) == [thread.pk]
        assert state(thread).lag_minutes == 30
        assert "lag 30 min" in StoredTiming.objects.get().configuration
        # Once re-timed, a run looks the configuration up and does nothing more.
        assert waiting.retime_if_configuration_changed(now=now) == 0
