"""Real concurrency on PostgreSQL: row locks keep counters, caches and the ledger in step."""

import pytest
from django.db.models import Sum

from forum import actions, reputation
from forum.models import Post, ReputationEvent, Thread, Vote
from tests.concurrency import run_together
from tests.factories import UserFactory, make_answer, make_thread, set_reputation

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_twenty_concurrent_voters_leave_score_and_reputation_equal_to_the_ledger(postgresql):
    asker, answerer = UserFactory(), UserFactory()
    thread = make_thread(author=asker)
    answer = make_answer(thread=thread, author=answerer)
    voters = UserFactory.create_batch(20)
    for voter in voters:
        set_reputation(voter, 1000)

    def vote(index: int, voter):
        def act():
            actions.cast_vote(voter=voter, post=answer, value=1)
            if index % 3 == 0:
                actions.cast_vote(voter=voter, post=answer, value=-1)  # changes their mind
            if index % 5 == 0:
                actions.cast_vote(voter=voter, post=answer, value=0)  # and undoes it

        return act

    _results, errors = run_together([vote(index, voter) for index, voter in enumerate(voters)])
    assert errors == []

    answer.refresh_from_db()
    votes = Vote.objects.filter(post=answer)
    assert answer.score == votes.aggregate(total=Sum("value"))["total"]
    expected_ups = sum(1 for i in range(20) if i % 3 and i % 5)
    expected_downs = sum(1 for i in range(20) if i % 3 == 0 and i % 5)
    assert answer.score == expected_ups - expected_downs
    answerer.refresh_from_db()
    ledger = ReputationEvent.objects.filter(user=answerer).aggregate(total=Sum("delta"))["total"]
    assert answerer.reputation == 1 + ledger == max(1, 1 + 10 * expected_ups - 2 * expected_downs)
    assert reputation.rebuild_all() == []


def test_two_concurrent_accepts_leave_exactly_one_accepted_answer(postgresql):
    asker = UserFactory()
    thread = make_thread(author=asker)
    first = make_answer(thread=thread, author=UserFactory(), body="First fix: reboot the hub.")
    second = make_answer(thread=thread, author=UserFactory(), body="Second fix: update the firmware.")

    _results, errors = run_together(
        [lambda: actions.accept_answer(post=first, by=asker), lambda: actions.accept_answer(post=second, by=asker)]
    )
    assert errors == []

    thread = Thread.objects.get(pk=thread.pk)
    assert thread.accepted_post_id in (first.pk, second.pk)
    accepted = Post.objects.get(pk=thread.accepted_post_id)
    other = second if accepted == first else first
    accepted.author.refresh_from_db()
    other.author.refresh_from_db()
    assert accepted.author.reputation == 16
    assert other.author.reputation == 1
    asker.refresh_from_db()
    assert asker.reputation == 3
    assert reputation.rebuild_all() == []
