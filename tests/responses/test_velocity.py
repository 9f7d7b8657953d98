"""Velocity (issue 11): the community part of the priority counts recent interest more than
old totals. Each case builds real interest through the actions (me too, votes, views) at
chosen times; the queue orders the threads as the design's table says."""

from datetime import timedelta

import pytest

from forum import actions as forum_actions
from responses import actions, velocity
from responses.conf import conf as responses_conf
from responses.models import QueueThread, ResponseState
from tests.factories import UserFactory
from tests.responses.priority_model import velocity as velocity_points

pytestmark = pytest.mark.django_db


@pytest.fixture
def in_queue(asked, now):
    """in_queue(title) -> a thread asked 10 minutes ago by a 1-reputation member, requested."""

    def make(title):
        thread = asked(10, title=title)
        actions.request_official_response(thread=thread, by=thread.author, now=now - timedelta(minutes=10))
        return thread

    return make


def me_too(thread, count, at):
    """A burst of `count` "me too"s, all at the moment `at`: no real time passes between
    them, so none of them decays before the next arrives."""
    for _ in range(count):
        forum_actions.set_me_too(user=UserFactory(), thread=thread, on=True, now=at)


def queue_row(thread_id, now):
    return QueueThread.objects.official_queue(now=now).get(pk=thread_id)


def test_twenty_me_toos_this_hour_outrank_twenty_collected_months_ago(in_queue, now):
    viral, old = in_queue("Viral today: hubs drop at nine"), in_queue("Slow burn: hubs drop at nine")
    me_too(viral, 20, now - timedelta(minutes=30))
    me_too(old, 20, now - timedelta(days=90))
    order = [thread.pk for thread in QueueThread.objects.official_queue(now=now)]
    assert order.index(viral.pk) < order.index(old.pk)
    recent = 20 * 0.5 ** (timedelta(minutes=30) / responses_conf.INTEREST_HALF_LIFE)
    assert queue_row(viral.pk, now).velocity == pytest.approx(velocity_points(recent), rel=1e-6)
    assert queue_row(old.pk, now).velocity == pytest.approx(0, abs=1e-3)
    # The all-time crowd counts both the same.
    assert queue_row(viral.pk, now).community == pytest.approx(queue_row(old.pk, now).community)


@pytest.mark.parametrize(
    ("recent_count", "hours_ago", "old_count", "recent_wins"),
    [
        (20, 0.5, 20, True),  # same totals, one burst is now
        (10, 1, 30, True),
        (5, 1, 30, True),  # five people now say more than thirty long ago
        (1, 72, 200, False),  # one, three days ago: faded; the big old crowd counts more
        (2, 48, 100, False),
    ],
)
def test_recent_interest_against_old_totals(in_queue, now, recent_count, hours_ago, old_count, recent_wins):
    recent, old = in_queue("Interest that arrived lately"), in_queue("Interest gathered long ago")
    me_too(recent, recent_count, now - timedelta(hours=hours_ago))
    me_too(old, old_count, now - timedelta(days=200))
    recent_row, old_row = queue_row(recent.pk, now), queue_row(old.pk, now)
    assert (recent_row.priority > old_row.priority) is recent_wins


def test_interest_halves_every_half_life(in_queue, now):
    thread = in_queue("Halving interest check")
    me_too(thread, 8, now)
    for half_lives, expected in [(0, 8), (1, 4), (2, 2), (3, 1)]:
        at = now + half_lives * responses_conf.INTEREST_HALF_LIFE
        row = QueueThread.objects.official_queue(now=at).get(pk=thread.pk)
        assert row.recent_interest_now == pytest.approx(expected, rel=1e-6)


def test_events_add_to_the_decayed_value_in_one_update(in_queue, now):
    thread = in_queue("Votes and views add up")
    velocity.add_interest(ResponseState.objects.filter(pk=thread.pk), 4.0, now=now)
    velocity.add_interest(ResponseState.objects.filter(pk=thread.pk), 1.0, now=now + responses_conf.INTEREST_HALF_LIFE)
    thread.refresh_from_db()
    assert thread.response_state.recent_interest == pytest.approx(3.0)  # 4 halved to 2, plus 1


def test_an_up_vote_on_the_question_and_a_view_are_interest(in_queue):
    thread = in_queue("What counts as interest")
    question = thread.posts.get(is_question=True)
    forum_actions.cast_vote(voter=UserFactory(), post=question, value=1)
    forum_actions.record_view(thread=thread, viewer_key="reader-1")
    thread.refresh_from_db()
    assert thread.response_state.recent_interest == pytest.approx(velocity.UPVOTE + velocity.VIEW, rel=1e-3)
    assert (thread.score, thread.view_count) == (1, 1)
