"""Announcements pin and unpin on time: shown above the questions of `/` and of their tags'
pages while pinned, gone the moment their time runs out or a rep unpins them."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from announcements import actions
from announcements.models import Pin
from tests.factories import UserFactory, make_thread

pytestmark = pytest.mark.django_db

DAY = timedelta(days=1)


def pinned_titles(client, url: str) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    if 'data-testid="pinned-announcements"' not in html:
        return []
    block = html.split('data-testid="pinned-announcements"', 1)[1].split("</section>", 1)[0]
    return [part.split("</a>", 1)[0].rsplit(">", 1)[1] for part in block.split('<a href="/t/')[1:]]


def test_a_pin_is_live_until_its_time_and_not_a_moment_after(announce):
    now = timezone.now()
    thread = announce(pinned_for=DAY, now=now)
    assert list(Pin.objects.shown(now=now + DAY - timedelta(seconds=1))) == [thread.pin]
    assert list(Pin.objects.shown(now=now + DAY)) == []
    assert thread.pin.is_live(now + DAY - timedelta(seconds=1))
    assert not thread.pin.is_live(now + DAY)


def test_a_pinned_announcement_is_above_the_questions_of_the_home_page_and_of_its_tags(client, announce):
    announce(title="Broadband outage in the north region", tags=("outage", "wifi"), pinned_for=DAY)
    make_thread(author=UserFactory(), tags=["billing"])
    assert pinned_titles(client, "/") == ["Broadband outage in the north region"]
    assert pinned_titles(client, "/tags/outage/") == ["Broadband outage in the north region"]
    assert pinned_titles(client, "/tags/wifi/") == ["Broadband outage in the north region"]
    assert pinned_titles(client, "/?tag=outage") == ["Broadband outage in the north region"]


def test_a_pin_is_not_on_the_pages_of_tags_its_announcement_does_not_carry(client, announce):
    announce(tags=("outage",), pinned_for=DAY)
    make_thread(author=UserFactory(), tags=["billing"])
    assert pinned_titles(client, "/tags/billing/") == []
    assert pinned_titles(client, "/?tag=billing") == []


def test_an_announcement_that_is_not_pinned_is_only_in_the_lists(client, announce):
    announce(title="Planned maintenance on Sunday night")
    assert pinned_titles(client, "/") == []
    assert "Planned maintenance on Sunday night" in client.get("/").content.decode()


def test_a_pin_past_its_time_is_not_shown_even_before_the_task_writes_its_end(client, announce):
    two_days_ago = timezone.now() - 2 * DAY
    thread = announce(pinned_for=DAY, now=two_days_ago)
    assert Pin.objects.get(thread=thread).unpinned_at is None  # beat has not run
    assert pinned_titles(client, "/") == []
    assert pinned_titles(client, "/tags/outage/") == []


def test_the_pinned_block_shows_the_newest_pins_first_and_links_to_the_rest(client, announce):
    now = timezone.now()
    for hours in range(4):
        announce(title=f"Announcement number {hours} about the hubs", pinned_for=DAY, now=now - timedelta(hours=hours))
    assert pinned_titles(client, "/") == [f"Announcement number {hours} about the hubs" for hours in range(3)]
    assert "More announcements" in client.get("/").content.decode()


def test_the_pinned_block_is_on_a_list_s_first_page_only(client, announce):
    announce(pinned_for=DAY)
    assert pinned_titles(client, "/?page=1")
    assert pinned_titles(client, "/?page=2") == []


def test_unpinning_ends_the_pin_now_and_records_who(announce, rep):
    now = timezone.now()
    thread = announce(pinned_for=DAY, now=now)
    assert actions.unpin_announcement(thread=thread, by=rep, now=now + timedelta(hours=1))
    pin = Pin.objects.get(thread=thread)
    assert (pin.unpinned_at, pin.unpinned_by) == (now + timedelta(hours=1), rep)
    assert list(Pin.objects.shown(now=now + timedelta(hours=1))) == []


def test_unpinning_an_announcement_that_is_not_pinned_writes_nothing(announce, rep):
    thread = announce()
    with CaptureQueriesContext(connection) as context:
        assert not actions.unpin_announcement(thread=thread, by=rep)
    assert not [query for query in context.captured_queries if query["sql"].startswith(("INSERT", "UPDATE"))]


def test_pinning_again_with_the_same_end_writes_nothing(announce, rep):
    now = timezone.now()
    thread = announce(pinned_for=DAY, now=now)
    with CaptureQueriesContext(connection) as context:
        actions.pin_announcement(thread=thread, until=now + DAY, by=rep, now=now + timedelta(minutes=5))
    assert not [query for query in context.captured_queries if query["sql"].startswith(("INSERT", "UPDATE"))]


def test_pinning_a_live_pin_again_moves_its_end_and_keeps_its_start(announce, lead):
    now = timezone.now()
    thread = announce(pinned_for=DAY, now=now)
    actions.pin_announcement(thread=thread, until=now + 7 * DAY, by=lead, now=now + timedelta(hours=2))
    pin = Pin.objects.get(thread=thread)
    assert (pin.pinned_at, pin.pinned_until) == (now, now + 7 * DAY)


def test_pinning_after_the_pin_ended_starts_it_over(announce, rep, lead):
    now = timezone.now()
    thread = announce(pinned_for=DAY, now=now)
    actions.unpin_announcement(thread=thread, by=rep, now=now + timedelta(hours=1))
    later = now + 3 * DAY
    actions.pin_announcement(thread=thread, until=later + DAY, by=lead, now=later)
    pin = Pin.objects.get(thread=thread)
    assert (pin.pinned_by, pin.pinned_at, pin.pinned_until, pin.unpinned_at, pin.unpinned_by) == (
        lead,
        later,
        later + DAY,
        None,
        None,
    )
    assert list(Pin.objects.shown(now=later)) == [pin]


def test_a_withdrawn_announcement_is_not_shown_pinned(client, announce, rep):
    from forum import actions as forum_actions

    thread = announce(pinned_for=DAY)
    forum_actions.withdraw_post(post=thread.posts.get(is_question=True), by=rep)
    assert pinned_titles(client, "/") == []
