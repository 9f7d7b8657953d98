"""Heat in the response-time engine (issue 14): its part of the queue's priority, the queue's
"Hot" view and the rep panel's suggestion to take an upset customer private."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from forum.models import Thread
from responses import priority
from responses.conf import conf as responses_conf
from responses.models import QueueThread, QueueWeights
from responses.querysets import PRIORITY_PARTS
from tests.factories import UserFactory, make_thread, post_thread, set_state

pytestmark = pytest.mark.django_db

FURIOUS = (
    "Absolutely furious: hub dead AGAIN",
    "This is ridiculous!!! Third hub in a month, your support is useless and nobody answers. I want a refund NOW.",
)


@pytest.fixture
def queued(asked, now):
    """queued(minutes_ago, heat=..., ...) -> a thread in the queue (overdue) shaped so."""

    def make(minutes_ago, *, heat=0.0, me_too=0, score=0, tags=("wifi",), title=None):
        thread = asked(minutes_ago, tags=tags, title=title)
        Thread.objects.filter(pk=thread.pk).update(me_too_count=me_too, score=score)
        set_state(Thread.objects.filter(pk=thread.pk), overdue_at=now, heat=heat)
        return thread

    return make


def row(thread, now):
    return QueueThread.objects.official_queue(now=now).get(pk=thread.pk)


def test_the_heat_part_is_the_leads_weight_times_heat(queued, now):
    thread = queued(70, heat=0.6, me_too=15, score=-3)
    assert row(thread, now).heat_points == pytest.approx(12 * 0.6, abs=0.001)
    QueueWeights.objects.create(pk=1, heat_weight=5, velocity_weight=12, spike_me_toos=5, spike_minutes=30)
    assert row(thread, now).heat_points == pytest.approx(5 * 0.6, abs=0.001)


def test_the_heat_part_adds_up_in_the_priority_like_the_others(queued, now):
    thread = queued(90, heat=0.8, me_too=40, score=7)
    queue_row = row(thread, now)
    assert queue_row.heat_points > 0
    assert sum(getattr(queue_row, part) for part in PRIORITY_PARTS) == pytest.approx(queue_row.priority)


def test_heat_gives_at_most_the_heaviest_weight_a_lead_may_choose(queued, now):
    thread = queued(70, heat=1.0, me_too=100_000, score=5_000)
    rows = QueueThread.objects.awaiting_official().with_priority(
        now=now, weights={"heat_weight": 15, "velocity_weight": 0}
    )
    assert rows.get(pk=thread.pk).heat_points == priority.HEAT_WEIGHT_MAX


def test_an_angry_question_outranks_a_calm_one_a_little_older_but_not_one_four_lags_old(asked, now):
    calm = asked(80, title="Where do I find the hub's serial number?")
    starving = asked(241, title="Which cable goes in the grey port?")
    title, body = FURIOUS
    angry = make_thread(author=UserFactory(), title=title, body=body, now=now - timedelta(minutes=60))
    set_state(Thread.objects.filter(pk__in=[calm.pk, angry.pk, starving.pk]), overdue_at=now)
    angry.refresh_from_db()
    assert angry.response_state.heat >= responses_conf.HEAT_SUGGESTS_CASE  # scored when it was asked
    rows = list(QueueThread.objects.official_queue(now=now))
    assert [r.pk for r in rows] == [starving.pk, angry.pk, calm.pk]


def test_every_queue_row_shows_its_heat_part_in_words(client, rep, queued, now):
    queued(70, heat=0.72)
    client.force_login(rep)
    html = client.get(reverse("responses:official_queue")).content.decode()
    assert '<dt>Heat</dt><dd>8.6 <span class="muted">(unhappy)</span></dd>' in html
    assert 'data-testid="hot"' in html


def test_the_hot_view_lists_only_hot_threads_hottest_first_then_by_priority(client, rep, queued):
    warm_and_long = queued(300, heat=0.6, title="Warm question that has waited five hours")
    hottest = queued(61, heat=0.95, title="Hottest question, just past its lag")
    warm_and_new = queued(61, heat=0.6, title="Warm question, just past its lag")
    queued(600, heat=responses_conf.HEAT_HOT - 0.01, title="Nearly hot question, ten hours old")
    queued(600, heat=0, title="Calm question, ten hours old")
    client.force_login(rep)
    response = client.get(reverse("responses:official_queue"), {"show": "hot"})
    assert [thread.pk for thread in response.context["items"]] == [hottest.pk, warm_and_long.pk, warm_and_new.pk]
    assert 'href="?show=hot" aria-current="page">Hot</a>' in response.content.decode()


def test_the_hot_view_keeps_the_tag_filter(client, rep, queued):
    wifi = queued(70, heat=0.9, tags=("wifi",))
    queued(70, heat=0.9, tags=("billing",))
    client.force_login(rep)
    response = client.get(reverse("responses:official_queue"), {"show": "hot", "tag": "wifi"})
    assert [thread.pk for thread in response.context["items"]] == [wifi.pk]


def test_the_hot_view_and_the_whole_queue_are_kept_apart(client, rep, queued):
    calm = queued(70, heat=0, title="A calm question about the wifi")
    client.force_login(rep)
    url = reverse("responses:official_queue")
    assert calm.title in client.get(url, {"show": "all"}).content.decode()
    assert calm.title not in client.get(url, {"show": "hot"}).content.decode()  # not the kept whole queue
    assert calm.title in client.get(url, {"show": "all"}).content.decode()


def test_the_hot_views_query_count_does_not_grow(client, rep, queued, settings, django_assert_num_queries):
    settings.PAGE_CACHE = False  # the render's own queries (config/pagecache.py)
    for minutes in (70, 80, 90):
        queued(minutes, heat=0.8)
    client.force_login(rep)
    url = reverse("responses:official_queue") + "?show=hot"
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for minutes in range(100, 130):
        queued(minutes, heat=0.7, tags=("wifi", "billing"))
    with django_assert_num_queries(len(few)):
        response = client.get(url)
    assert len(response.context["items"]) == 33


def test_the_rep_panel_shows_the_heat(client, rep, asked):
    thread = asked(10, title="Where do I find the hub's serial number?")
    client.force_login(rep)
    html = client.get(thread.get_absolute_url()).content.decode()
    assert 'data-testid="heat">0.00: calm</dd>' in html


def test_the_rep_panel_suggests_a_case_only_when_the_asker_sounds_upset(client, rep, asked):
    calm = asked(10, title="Where do I find the hub's serial number?")
    annoyed = asked(10, title="Quite frustrating: the billing page keeps logging me out")
    upset = asked(10, title=FURIOUS[0])
    set_state(Thread.objects.filter(pk=upset.pk), heat=responses_conf.HEAT_SUGGESTS_CASE)
    client.force_login(rep)
    suggestion = "Consider taking this private: open a case"
    assert suggestion not in client.get(calm.get_absolute_url()).content.decode()
    assert suggestion not in client.get(annoyed.get_absolute_url()).content.decode()
    html = client.get(upset.get_absolute_url()).content.decode()
    assert suggestion in html
    assert "this customer sounds upset" in html


def test_an_ideas_rep_panel_shows_no_heat(client, rep):
    title, body = FURIOUS
    idea = post_thread(author=UserFactory(), title=title, body=body, tags=["wifi"], kind=Thread.Kind.IDEA)
    client.force_login(rep)
    html = client.get(idea.get_absolute_url()).content.decode()
    assert 'data-testid="heat"' not in html
    assert "Consider taking this private" not in html


def test_members_see_no_heat(client, member, asked):
    upset = asked(10, title=FURIOUS[0])
    set_state(Thread.objects.filter(pk=upset.pk), heat=1.0)
    client.force_login(member)
    html = client.get(upset.get_absolute_url()).content.decode()
    assert 'data-testid="heat"' not in html
    assert "Consider taking this private" not in html


def test_the_queue_page_says_how_heat_counts(client, rep):
    client.force_login(rep)
    html = client.get(reverse("responses:official_queue")).content.decode()
    weight = responses_conf.QUEUE_WEIGHTS["heat_weight"]
    assert f"Heat: up to {weight:.0f} points for how negative the question reads" in html
