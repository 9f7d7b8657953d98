"""Dashboard figures on a fixture with known answers: the same on PostgreSQL and SQLite."""

from datetime import timedelta

import pytest
from django.urls import reverse

from forum.models import Thread
from responses import dashboard
from responses.dashboard import percentile_cont
from tests.factories import UserFactory, make_answer, set_reputation, set_state

pytestmark = pytest.mark.django_db

RESPONSES = [(10, "wifi", 15), (20, "wifi", None), (30, "wifi", 45), (40, "billing", None), (100, "billing", 120)]


@pytest.fixture
def known(asked, now):
    """Five answered threads (minutes to first response, tag, minutes to first official),
    asked two days ago, and one wifi thread nobody answered."""
    for index, (response, tag, official) in enumerate(RESPONSES):
        thread = asked(2 * 24 * 60, tags=[tag], title=f"Known case number {index} about the hub")
        make_answer(thread=thread, author=UserFactory(), now=thread.created_at + timedelta(minutes=response))
        if official is not None:
            set_state(
                Thread.objects.filter(pk=thread.pk), first_official_at=thread.created_at + timedelta(minutes=official)
            )
    asked(2 * 24 * 60, tags=["wifi"], title="Nobody answered this one at all")
    asked(40 * 24 * 60, tags=["wifi"], title="Too old for either window here")


def test_percentile_cont_interpolates_like_postgresql():
    assert percentile_cont([10, 20, 30, 40, 100], 0.5) == 30
    assert percentile_cont([10, 20, 30, 40, 100], 0.9) == pytest.approx(76)
    assert percentile_cont([15, 45, 120], 0.9) == pytest.approx(105)
    assert percentile_cont([7], 0.9) == 7
    assert percentile_cont([], 0.5) is None


def test_the_window_figures_overall_and_per_tag(known, now):
    week = dashboard.window_figures(days=7, now=now)
    overall = week.overall
    assert overall.threads == 6
    assert overall.first_response_p50 == pytest.approx(30)
    assert overall.first_response_p90 == pytest.approx(76)
    assert overall.first_official_p50 == pytest.approx(45)
    assert overall.first_official_p90 == pytest.approx(105)
    assert (overall.due, overall.within_lag) == (6, 4)
    assert overall.share_within_lag == pytest.approx(4 / 6)

    wifi, billing = week.per_tag["wifi"], week.per_tag["billing"]
    assert (wifi.threads, wifi.first_response_p50, wifi.first_response_p90) == (4, pytest.approx(20), pytest.approx(28))
    assert (billing.first_response_p50, billing.first_official_p50) == (pytest.approx(70), pytest.approx(120))
    assert (billing.due, billing.within_lag) == (2, 1)


def test_the_30_day_window_holds_the_same_threads_here(known, now):
    assert dashboard.window_figures(days=30, now=now).overall.threads == 6


def test_the_daily_chart_has_a_bar_per_day_with_the_days_median(known, now):
    daily = dashboard.daily_first_response(days=30, now=now)
    assert len(daily) == 30
    day_asked = (now - timedelta(days=2)).date()
    (median, count) = next((m, n) for day, m, n in daily if day == day_asked)
    assert (median, count) == (pytest.approx(30), 6)


def test_the_dashboard_page_draws_an_svg_chart_with_labelled_axes(client, known, reps):
    client.force_login(reps[0])
    html = client.get(reverse("responses:dashboard")).content.decode()
    assert "<svg" in html
    assert 'role="img"' in html
    assert ">minutes</text>" in html
    assert ">day asked</text>" in html
    assert html.count("<rect ") == 30
    assert "30 min" in html  # the overall median
    assert "67%" in html


def test_the_dashboard_runs_the_same_queries_for_5_and_30_threads(
    client, lead, asked, django_assert_num_queries, settings
):
    settings.PAGE_CACHE = False  # the page's own queries: kept parts would spare the second request some
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import UserFactory, make_answer

    def add(count: int, offset: int) -> None:
        for index in range(count):
            thread = asked(60 * (index + 1), title=f"Question number {offset + index} about the hub", tags=("wifi",))
            make_answer(thread=thread, author=UserFactory())

    client.force_login(lead)
    add(5, 0)
    with CaptureQueriesContext(connection) as few:
        assert client.get("/dashboard/").status_code == 200
    add(25, 5)
    with django_assert_num_queries(len(few.captured_queries)):
        client.get("/dashboard/")


def test_fairness_bands_give_each_askers_band_its_own_figures(asked, now):
    """Newcomers (1 reputation) waited 10 and 50 minutes for an answer, regulars 20, top
    contributors 5 and 15 and one still waiting past its lag: the bands say exactly that."""
    newcomer, regular, top = UserFactory(), UserFactory(), UserFactory()
    set_reputation(regular, 100)
    set_reputation(top, 2_000)
    for author, minutes in [(newcomer, 10), (newcomer, 50), (regular, 20), (top, 5), (top, 15)]:
        thread = asked(2 * 24 * 60, author=author, title=f"A {author.reputation} asks, answered after {minutes}")
        make_answer(thread=thread, author=UserFactory(), now=thread.created_at + timedelta(minutes=minutes))
    asked(2 * 24 * 60, author=top, title="A top contributor still waits for anyone")

    bands = dict(dashboard.window_figures(days=7, now=now).per_band)
    assert list(bands) == ["Newcomers", "Regulars", "Top contributors"]
    newcomers, regulars, tops = bands["Newcomers"], bands["Regulars"], bands["Top contributors"]
    assert (newcomers.threads, newcomers.first_response_p50, newcomers.first_response_p90) == (
        2,
        pytest.approx(30),
        pytest.approx(46),
    )
    assert (newcomers.due, newcomers.within_lag) == (2, 2)  # the default lag is 60 minutes
    assert (regulars.threads, regulars.first_response_p50) == (1, pytest.approx(20))
    assert (tops.threads, tops.first_response_p50, tops.due, tops.within_lag) == (3, pytest.approx(10), 3, 2)
    assert tops.share_within_lag == pytest.approx(2 / 3)


def test_a_band_nobody_asked_in_shows_empty_figures(asked, now):
    asked(60, title="Only a newcomer has asked anything this week")
    bands = dict(dashboard.window_figures(days=7, now=now).per_band)
    assert bands["Newcomers"].threads == 1
    assert bands["Top contributors"].threads == 0
    assert bands["Top contributors"].first_response_p50 is None


def test_the_dashboard_page_shows_the_fairness_table(client, known, reps):
    client.force_login(reps[0])
    html = client.get(reverse("responses:dashboard")).content.decode()
    assert 'data-testid="bands-7"' in html
    assert "Top contributors" in html
