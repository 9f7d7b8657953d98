"""The cases' pages: query counts that do not grow, and the dashboard's time to resolution."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cases import actions, stats
from tests.factories import UserFactory, make_answer, make_thread

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _pages_rendered_every_time(settings):
    """The counts compare two renders of the same page: without the page cache, whose kept
    header parts (permissions, the banner) would otherwise spare the second request queries
    the first one paid, since the messages in between change only the case's own names."""
    settings.PAGE_CACHE = False


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def test_a_case_page_runs_the_same_queries_for_3_and_30_messages(client, case, asker, rep, django_assert_num_queries):
    def talk(count: int) -> None:
        for index in range(count):
            author = asker if index % 2 else rep
            actions.post_case_message(case=case, author=author, body=f"Message number {index} about the hub.")

    client.force_login(asker)
    talk(2)
    few = count_queries(client, case.get_absolute_url())
    talk(27)
    with django_assert_num_queries(few):
        response = client.get(case.get_absolute_url())
    assert response.content.decode().count('<li class="case-message') == 30


def test_the_invitation_lists_answers_in_the_same_queries_for_2_and_12(
    client, thread, rep, asker, django_assert_num_queries
):
    case, _ = actions.open_case(thread=thread, by=rep, message="Hello, can we talk privately?")
    actions.resolve_case(
        public_note="The hub's power adapter was faulty; it was replaced.",
        case=case,
        by=rep,
        summary="Fixed it with a new adapter for you.",
    )
    for index in range(2):
        make_answer(thread=thread, author=UserFactory(), body=f"Answer {index}: move the hub higher up.")
    client.force_login(asker)
    few = count_queries(client, case.get_absolute_url())
    for index in range(10):
        make_answer(thread=thread, author=UserFactory(), body=f"More answer {index}: move the hub higher up.")
    with django_assert_num_queries(few):
        response = client.get(case.get_absolute_url())
    assert response.content.decode().count("Accept this answer") == 12


@pytest.mark.parametrize("team", [True, False], ids=["rep", "member"])
def test_the_cases_list_runs_the_same_queries_for_3_and_30_cases(client, rep, team, django_assert_num_queries):
    customer = UserFactory()

    def open_cases(count: int) -> None:
        for _ in range(count):
            thread = make_thread(author=customer, title=f"Hub question number {UserFactory().pk} from me")
            actions.open_case(thread=thread, by=rep, message="Hello, can we talk privately?")

    client.force_login(rep if team else customer)
    open_cases(3)
    few = count_queries(client, reverse("cases:list"))
    open_cases(27)
    with django_assert_num_queries(few):
        response = client.get(reverse("cases:list"))
    assert response.content.decode().count('href="/cases/') >= 30


def test_the_dashboard_shows_the_median_and_90th_percentile_time_to_resolution(client, rep):
    now = timezone.now()
    minutes = [30, 60, 90, 120, 600]
    for index, taken in enumerate(minutes):
        thread = make_thread(author=UserFactory(), title=f"Hub question {index} for the dashboard")
        opened = now - timedelta(days=1, minutes=taken)
        case, _ = actions.open_case(thread=thread, by=rep, message="Hello, can we talk privately?", now=opened)
        actions.resolve_case(
            public_note="The hub's power adapter was faulty; it was replaced.",
            case=case,
            by=rep,
            summary="Fixed it with a new adapter.",
            now=opened + timedelta(minutes=taken),
        )
    still_open = make_thread(author=UserFactory(), title="Hub question still open with the team")
    actions.open_case(thread=still_open, by=rep, message="Hello, can we talk privately?", now=now - timedelta(hours=5))
    week = stats.resolution_figures(days=7, now=now)
    assert (week.opened, week.resolved, week.p50_minutes) == (6, 5, 90)
    assert week.p90_minutes == pytest.approx(408)  # between 120 and 600, as percentile_cont interpolates
    assert stats.open_cases(now=now) == {"count": 1, "oldest_minutes": pytest.approx(300)}
    client.force_login(rep)
    html = client.get(reverse("responses:dashboard")).content.decode()
    assert 'data-testid="case-resolution"' in html
    assert "1 h 30 min" in html
