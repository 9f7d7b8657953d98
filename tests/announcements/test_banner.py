"""The incident banner shows at the top of every page, linking to its announcement, and clears
by hand or at its time; one shows at a time."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from announcements import actions
from announcements.models import IncidentBanner
from tests.factories import UserFactory, make_thread

pytestmark = pytest.mark.django_db

TEXT = "Broadband outage in the north region: engineers are on site."


def banner_of(response) -> str | None:
    """The banner's HTML on a page, or None."""
    html = response.content.decode()
    if 'data-testid="incident-banner"' not in html:
        return None
    return html.split('data-testid="incident-banner"', 1)[1].split("</section>", 1)[0]


@pytest.mark.parametrize("logged_in", [False, True], ids=["visitor", "member"])
def test_the_banner_is_on_every_page_with_a_link_to_its_announcement(client, announce, member, logged_in):
    thread = announce(banner=TEXT)
    question = make_thread(author=UserFactory(), tags=["outage"])
    if logged_in:
        client.force_login(member)
    for url in ["/", "/tags/", "/tags/outage/", "/search/?q=hub", question.get_absolute_url(), "/announcements/"]:
        banner = banner_of(client.get(url))
        assert banner is not None, url
        assert TEXT in banner
        assert f'href="{thread.get_absolute_url()}"' in banner
    if logged_in:
        assert banner_of(client.get("/notifications/")) is not None


def test_error_pages_read_no_banner(client, announce, member, django_assert_num_queries):
    announce(banner=TEXT)
    with django_assert_num_queries(0):
        response = client.get("/u/no%20such%20member/")  # refused before any query
    assert response.status_code == 404
    assert banner_of(response) is None
    client.force_login(member)
    response = client.get("/announcements/new/")
    assert response.status_code == 403
    assert banner_of(response) is None


def test_the_banner_is_a_status_region_readable_without_javascript(client, announce):
    announce(banner=TEXT)
    banner = banner_of(client.get("/"))
    assert 'role="status"' in banner
    assert 'aria-labelledby="incident-banner-label"' in client.get("/").content.decode()


def test_no_banner_shows_when_none_was_raised(client, announce):
    announce()
    assert banner_of(client.get("/")) is None


def test_the_banner_s_words_are_shown_as_text(client, announce):
    announce(banner='<script>alert("x")</script> Hubs down')
    banner = banner_of(client.get("/"))
    assert "<script>" not in banner
    assert "&lt;script&gt;" in banner


def test_clearing_the_banner_by_hand_takes_it_off_every_page(client, announce, lead):
    thread = announce(banner=TEXT)
    banner = IncidentBanner.objects.get(thread=thread)
    assert banner_of(client.get("/")) is not None
    assert actions.clear_banner(banner=banner, by=lead)
    banner.refresh_from_db()
    assert banner.cleared_by == lead
    assert banner.cleared_at is not None
    assert banner_of(client.get("/")) is None


def test_the_banner_clears_at_its_time_even_before_the_task_writes_it(client, announce):
    five_hours_ago = timezone.now() - timedelta(hours=5)
    thread = announce(banner=TEXT, banner_for=timedelta(hours=4), now=five_hours_ago)
    assert IncidentBanner.objects.get(thread=thread).cleared_at is None  # beat has not run
    assert banner_of(client.get("/")) is None


def test_the_banner_shows_until_its_time_and_not_a_moment_after(announce):
    now = timezone.now()
    thread = announce(banner=TEXT, banner_for=timedelta(hours=4), now=now)
    banner = IncidentBanner.objects.get(thread=thread)
    assert list(IncidentBanner.objects.showing(now + timedelta(hours=4) - timedelta(seconds=1))) == [banner]
    assert list(IncidentBanner.objects.showing(now + timedelta(hours=4))) == []


def test_raising_a_banner_clears_the_one_showing(client, announce, lead):
    now = timezone.now()
    first = announce(title="Outage in the north region today", banner="North is down", now=now)
    second = announce(title="Outage in the south region today", now=now)
    actions.raise_banner(
        thread=second, text="South is down", clears_at=now + timedelta(hours=2), by=lead, now=now + timedelta(minutes=1)
    )
    old = IncidentBanner.objects.get(thread=first)
    assert (old.cleared_at, old.cleared_by) == (now + timedelta(minutes=1), lead)
    banner = banner_of(client.get("/"))
    assert "South is down" in banner
    assert "North is down" not in banner


def test_a_banner_past_its_time_that_a_new_one_replaces_ended_at_its_own_time(announce, lead):
    then = timezone.now() - timedelta(hours=5)
    first = announce(title="Outage in the north region today", banner="North is down", now=then)
    second = announce(title="Outage in the south region today")
    actions.raise_banner(thread=second, text="South is down", clears_at=timezone.now() + timedelta(hours=1), by=lead)
    old = IncidentBanner.objects.get(thread=first)
    assert (old.cleared_at, old.cleared_by) == (then + timedelta(hours=4), None)


def test_raising_the_banner_showing_again_word_for_word_writes_nothing(announce, rep):
    now = timezone.now()
    thread = announce(banner=TEXT, banner_for=timedelta(hours=4), now=now)
    with CaptureQueriesContext(connection) as context:
        actions.raise_banner(thread=thread, text=TEXT, clears_at=now + timedelta(hours=4), by=rep, now=now)
    assert not [query for query in context.captured_queries if query["sql"].startswith(("INSERT", "UPDATE"))]
    assert IncidentBanner.objects.count() == 1


def test_the_database_refuses_two_banners_that_are_not_cleared(announce, rep):
    thread = announce(banner=TEXT)
    with pytest.raises(IntegrityError), transaction.atomic():
        IncidentBanner.objects.create(
            thread=thread, text="Another", raised_by=rep, clears_at=timezone.now() + timedelta(hours=1)
        )


def test_clearing_a_banner_that_is_not_showing_writes_nothing(announce, rep):
    thread = announce(banner=TEXT)
    banner = IncidentBanner.objects.get(thread=thread)
    actions.clear_banner(banner=banner, by=rep)
    with CaptureQueriesContext(connection) as context:
        assert not actions.clear_banner(banner=banner, by=rep)
    assert not [query for query in context.captured_queries if query["sql"].startswith(("INSERT", "UPDATE"))]


def test_the_banner_is_read_once_per_announcements_version(client, announce):
    announce(banner=TEXT)
    client.get("/tags/")  # reads the banner, and keeps it
    with CaptureQueriesContext(connection) as context:
        assert banner_of(client.get("/notifications/", follow=True)) is not None
    assert not [query for query in context.captured_queries if "announcements_incidentbanner" in query["sql"]]
