"""The queue's priority (issue 28, responses/priority.py): the angry and the fast-growing can lead
the calm and old, and nothing starves: a thread that has waited four lags outranks every thread
that has waited less than one, whatever the leads' weights."""

import itertools
from datetime import timedelta

import pytest
from django.utils import timezone
from taggit.models import Tag

from forum import actions as forum_actions
from forum.models import TagReputation, Thread
from responses import priority
from responses.models import QueueThread, QueueWeights
from tests.factories import UserFactory, make_thread, set_reputation, set_state
from tests.responses.priority_model import expected_parts, waiting

pytestmark = pytest.mark.django_db

HEAVIEST = {"heat_weight": priority.HEAT_WEIGHT_MAX, "velocity_weight": priority.VELOCITY_WEIGHT_MAX}


def queued(now, *, minutes_ago: float, heat: float = 0.0, title: str, author=None, **counts):
    thread = make_thread(author=author or UserFactory(), title=title, now=now - timedelta(minutes=minutes_ago))
    if counts:
        Thread.objects.filter(pk=thread.pk).update(**counts)
    set_state(Thread.objects.filter(pk=thread.pk), overdue_at=now, heat=heat)
    return thread


def spike(thread, *, people: int, at):
    for _ in range(people):
        forum_actions.set_me_too(user=UserFactory(), thread=thread, on=True, now=at)


def order(now, weights=None) -> list[str]:
    threads = QueueThread.objects.awaiting_official().with_priority(now=now, weights=weights)
    return list(threads.order_by("-priority", "created_at", "pk").values_list("title", flat=True))


def test_the_table_of_threads_orders_as_the_rule_says():
    now = timezone.now()
    queued(now, minutes_ago=8 * 60, title="calm and old: pairing the remote")  # 8 lags
    queued(now, minutes_ago=70, heat=0.92, title="angry and new: third outage this week")
    spiking = queued(now, minutes_ago=70, title="spiking: hubs dropping at nine")
    spike(spiking, people=12, at=now - timedelta(minutes=10))
    queued(now, minutes_ago=90, title="calm, half a lag older")
    queued(now, minutes_ago=5 * 60, heat=0.92, title="angry and waiting five lags")
    queued(now, minutes_ago=20, title="calm and fresh")
    assert order(now) == [
        "angry and waiting five lags",  # past four lags, and angry
        "calm and old: pairing the remote",  # eight lags: nothing starves
        "spiking: hubs dropping at nine",  # twelve people in ten minutes
        "angry and new: third outage this week",
        "calm, half a lag older",
        "calm and fresh",
    ]


def test_a_thread_four_lags_old_outranks_any_under_one_lag_with_every_part_at_its_most():
    now = timezone.now()
    mighty = UserFactory()
    set_reputation(mighty, 1_000_000)
    TagReputation.objects.create(user=mighty, tag=Tag.objects.get_or_create(name="wifi")[0], reputation=1_000_000)
    young = queued(
        now,
        minutes_ago=59.4,
        heat=1.0,
        title="everything at once, under one lag",
        author=mighty,
        me_too_count=1_000_000,
        score=1_000_000,
        view_count=10**9,
    )
    spike(young, people=40, at=now)
    queued(now, minutes_ago=4 * 60 + 1, title="calm, four lags")
    QueueWeights.objects.create(pk=1, **HEAVIEST, spike_me_toos=5, spike_minutes=30)
    assert order(now) == ["calm, four lags", "everything at once, under one lag"]


def test_the_bound_holds_in_the_rule_itself_for_every_weight_a_lead_may_choose():
    most = expected_parts(
        waited_lags=0.999,
        relative=10**9,
        absolute=10**9,
        me_too=10**9,
        heat=1.0,
        recent=10**9,
        weights=HEAVIEST,
    )
    assert sum(most.values()) < waiting(4.0) <= waiting(4.5)
    for heat_weight, velocity_weight in itertools.product(range(16), repeat=2):
        weights = {"heat_weight": heat_weight, "velocity_weight": velocity_weight}
        young = expected_parts(waited_lags=0.999, heat=1.0, recent=10**6, me_too=10**6, weights=weights)
        assert sum(young.values()) < waiting(4.0)


def test_waiting_grows_without_bound_but_slowly_past_four_lags():
    now = timezone.now()
    for lags in (4, 8, 16, 64):
        queued(now, minutes_ago=lags * 60, title=f"waited {lags} lags")
    rows = QueueThread.objects.awaiting_official().with_priority(now=now).order_by("waited_minutes")
    points = [row.waiting for row in rows]
    assert points == pytest.approx([waiting(lags) for lags in (4, 8, 16, 64)], abs=0.01)
    steps = [later - earlier for earlier, later in itertools.pairwise(points)]
    assert steps[0] == pytest.approx(priority.TAIL_POINTS, abs=0.01)  # a doubling
    assert steps[2] == pytest.approx(2 * priority.TAIL_POINTS, abs=0.01)  # two doublings
