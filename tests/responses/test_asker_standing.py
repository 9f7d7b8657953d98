"""The engine's copy of the asker's best reputation among the thread's tags
(ResponseState.asker_tag_reputation), which the queue's priority reads instead of a subquery
per row (issue 25): made with the thread, copied again when it reopens, and brought up to
date by the beat's job after votes, writing only what changed."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from taggit.models import Tag

from forum import actions as forum_actions
from forum.models import TagReputation, Thread
from moderation import actions as moderation
from responses import jobs
from responses.models import QueueThread, ResponseState
from tests.factories import UserFactory, make_answer, set_reputation, set_state

pytestmark = pytest.mark.django_db


def _copy(thread) -> int:
    return ResponseState.objects.get(pk=thread.pk).asker_tag_reputation


def _earn(member, tag_name: str, reputation: int) -> None:
    TagReputation.objects.update_or_create(
        user=member, tag=Tag.objects.get_or_create(name=tag_name)[0], defaults={"reputation": reputation}
    )


def test_a_new_thread_copies_the_askers_best_reputation_among_its_tags(asked):
    asker = UserFactory()
    _earn(asker, "wifi", 40)
    _earn(asker, "billing", 250)
    _earn(asker, "mesh", 900)  # not among the thread's tags
    assert _copy(asked(5, author=asker, tags=["wifi", "billing"], title="Billed twice for wifi")) == 250
    assert _copy(asked(5, author=asker, tags=["router"], title="Router lights blink red")) == 0


def test_a_negative_reputation_in_the_tags_counts_as_none(asked):
    asker = UserFactory()
    _earn(asker, "wifi", -30)
    assert _copy(asked(5, author=asker)) == 0


def test_votes_reach_the_queue_with_the_beats_job_and_only_changed_rows_are_written(asked, now):
    asker, voter = UserFactory(), UserFactory()
    set_reputation(voter, 1000)
    waiting = asked(90, author=asker)
    set_state(Thread.objects.filter(pk=waiting.pk), overdue_at=now)
    elsewhere = asked(600, author=UserFactory())  # an answer of the asker's, in the same tag
    answer = make_answer(thread=elsewhere, author=asker, body="Turn off band steering, it fixed mine.")
    forum_actions.cast_vote(voter=voter, post=answer, value=1, now=now)
    earned = TagReputation.objects.get(user=asker, tag__name="wifi").reputation
    assert earned > 0
    assert _copy(waiting) == 0  # the vote's own transaction leaves the copy alone

    assert jobs.refresh_askers_standing() == 1
    assert _copy(waiting) == earned
    row = QueueThread.objects.official_queue(now=now).get(pk=waiting.pk)
    assert row.relative_reputation == earned
    with CaptureQueriesContext(connection) as queries:
        assert jobs.refresh_askers_standing() == 0
    assert not [query for query in queries if query["sql"].lstrip().upper().startswith("UPDATE")]


def test_after_its_first_run_the_job_reads_only_the_members_whose_reputation_moved(asked, now):
    asker, voter, bystander = UserFactory(), UserFactory(), UserFactory()
    set_reputation(voter, 1000)
    waiting = asked(90, author=asker, title="Hub loses its settings overnight")
    set_state(Thread.objects.filter(pk=waiting.pk), overdue_at=now)
    jobs.refresh_askers_standing()  # the first run: every queued row
    elsewhere = asked(600, author=bystander, title="Another hub, another wifi problem")
    answer = make_answer(thread=elsewhere, author=asker, body="Band steering off fixed mine.")
    _earn(bystander, "wifi", 5_000)  # moved without a ledger row: not this job's to see
    forum_actions.cast_vote(voter=voter, post=answer, value=1, now=now)

    with CaptureQueriesContext(connection) as queries:
        assert jobs.refresh_askers_standing() == 1
    assert _copy(waiting) == TagReputation.objects.get(user=asker, tag__name="wifi").reputation
    # The rows it looked at are those of the members in the new ledger rows.
    assert any('"forum_reputationevent"' in query["sql"] and "user_id" in query["sql"] for query in queries)


def test_a_reopened_thread_copies_it_again(asked, now):
    asker, moderator = UserFactory(), UserFactory(is_superuser=True)
    thread = asked(30, author=asker)
    moderation.lock_thread(thread=thread, by=moderator, reason="Heated.", now=now)
    _earn(asker, "wifi", 75)  # while it was closed and out of every queue
    assert _copy(thread) == 0
    moderation.unlock_thread(thread=Thread.objects.get(pk=thread.pk), by=moderator, reason="Calm now.", now=now)
    assert _copy(thread) == 75


def test_the_job_leaves_rows_out_of_the_queue_alone(asked):
    asker = UserFactory()
    thread = asked(5, author=asker)  # fresh: in no queue
    _earn(asker, "wifi", 60)
    assert jobs.refresh_askers_standing() == 0
    assert _copy(thread) == 0
