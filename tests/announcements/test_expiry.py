"""Beat's task writes the end of pins and banners past their time, once, and that write is
what makes kept pages drop them at once (config/pagecache.py)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from announcements import actions
from announcements.models import IncidentBanner, Pin
from announcements.tasks import expire_pins_and_banners_task
from tests.invalidation import assert_invalidates, assert_invalidates_nothing

pytestmark = pytest.mark.django_db

DAY = timedelta(days=1)


def test_the_task_writes_each_end_at_its_own_time_by_nobody(announce):
    then = timezone.now() - 3 * DAY
    thread = announce(pinned_for=DAY, banner="Hubs are down", banner_for=timedelta(hours=4), now=then)
    assert actions.expire_pins_and_banners(now=timezone.now()) == (1, 1)
    pin, banner = Pin.objects.get(thread=thread), IncidentBanner.objects.get(thread=thread)
    assert (pin.unpinned_at, pin.unpinned_by) == (then + DAY, None)
    assert (banner.cleared_at, banner.cleared_by) == (then + timedelta(hours=4), None)


def test_the_task_ends_each_pin_and_banner_exactly_once(announce):
    announce(pinned_for=DAY, banner="Hubs are down", now=timezone.now() - 3 * DAY)
    now = timezone.now()
    assert actions.expire_pins_and_banners(now=now) == (1, 1)
    assert actions.expire_pins_and_banners(now=now) == (0, 0)
    assert actions.expire_pins_and_banners(now=now + DAY) == (0, 0)


def test_the_task_leaves_pins_and_banners_whose_time_has_not_come(announce):
    now = timezone.now()
    thread = announce(pinned_for=DAY, banner="Hubs are down", now=now)
    assert actions.expire_pins_and_banners(now=now + timedelta(hours=1)) == (0, 0)
    assert Pin.objects.get(thread=thread).unpinned_at is None
    assert IncidentBanner.objects.get(thread=thread).cleared_at is None


def test_a_run_with_nothing_due_writes_nothing_so_kept_pages_stay_kept(announce):
    announce(pinned_for=DAY, banner="Hubs are down")
    with CaptureQueriesContext(connection) as context:
        expire_pins_and_banners_task()
    assert not [query for query in context.captured_queries if query["sql"].startswith(("INSERT", "UPDATE"))]


def test_the_task_bumps_the_announcements_when_it_ends_something_and_not_otherwise(announce):
    thread = announce(pinned_for=DAY, now=timezone.now() - 3 * DAY)
    with assert_invalidates("announcements", f"thread:{thread.pk}", exactly=True):
        expire_pins_and_banners_task()
    with assert_invalidates_nothing():
        expire_pins_and_banners_task()


def test_a_kept_home_page_drops_the_pin_and_the_banner_when_the_task_ends_them(client, announce):
    now = timezone.now()
    announce(title="Broadband outage in the north region", pinned_for=DAY, banner="Hubs are down", now=now)
    html = client.get("/").content.decode()
    assert 'data-testid="pinned-announcements"' in html
    assert 'data-testid="incident-banner"' in html
    with CaptureQueriesContext(connection) as context:
        client.get("/")
    assert not [query for query in context.captured_queries if "forum_thread" in query["sql"]]  # kept

    # Beat, a day and a bit later (as the clock will be then: the pages are kept until it writes).
    assert actions.expire_pins_and_banners(now=now + DAY + timedelta(minutes=1)) == (1, 1)
    html = client.get("/").content.decode()
    assert 'data-testid="pinned-announcements"' not in html
    assert 'data-testid="incident-banner"' not in html
    assert "Broadband outage in the north region" in html  # still in the list, unpinned


def test_beat_runs_the_task_as_often_as_the_engine_s_checks(settings):
    from config.celery import app

    task = "announcements.tasks.expire_pins_and_banners_task"
    schedule = {entry["task"]: entry["schedule"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert schedule[task] == settings.RESPONSE_CHECK_INTERVAL.total_seconds()  # a minute, outside tests
    assert task in app.tasks
