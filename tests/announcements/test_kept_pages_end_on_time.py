"""A kept page never outlives what the clock takes off it: a visitor's copy of `/` that shows
an incident banner or a pin is kept no longer than until the banner clears or the pin ends,
so no customer is shown an ended incident (issue 24)."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core.cache import caches
from django.db import connection
from django.utils import timezone

from config import pagecache

pytestmark = pytest.mark.django_db

TEXT = "Broadband outage in the north region: engineers are on site."


# What "/" and "/tags/" show beyond the layout (forum/views/lists.py).
LISTS = ("threads", "tags")


def seconds_left_of_kept_page(path: str, *whose) -> float:
    """How long the cache will keep the page at `path` for `whose` (("visitor",) for visitors)."""
    backend = caches["pages"]
    key = backend.make_key(pagecache.page_key(path, whose, LISTS))
    if hasattr(backend, "_cache") and hasattr(backend._cache, "get_client"):
        ttl = backend._cache.get_client().ttl(key)
        assert ttl > 0, f"{path} is not kept"
        return ttl
    with connection.cursor() as cursor:
        cursor.execute("SELECT expires FROM cache_table WHERE cache_key = %s", [key])
        row = cursor.fetchone()
    assert row is not None, f"{path} is not kept"
    expires = datetime.fromisoformat(row[0]) if isinstance(row[0], str) else row[0]
    expires = expires if timezone.is_aware(expires) else expires.replace(tzinfo=UTC)
    return (expires - timezone.now()).total_seconds()


def test_a_visitors_kept_page_with_the_banner_is_kept_no_longer_than_the_banner_shows(client, announce):
    announce(banner=TEXT, banner_for=timedelta(seconds=20))
    assert TEXT in client.get("/").content.decode()
    assert seconds_left_of_kept_page("/", "visitor") <= 20


def test_a_members_kept_page_with_the_banner_is_kept_no_longer_than_the_banner_shows(client, announce, member):
    announce(banner=TEXT, banner_for=timedelta(seconds=15))
    client.force_login(member)
    client.get("/tags/")  # the first page sets the CSRF cookie, so it is not kept
    assert TEXT in client.get("/tags/").content.decode()
    whose = ("member", client.session.session_key, member.pk, client.cookies["csrftoken"].value)
    assert seconds_left_of_kept_page("/tags/", *whose) <= 15


def test_a_kept_page_with_a_pin_is_kept_no_longer_than_the_pin_lasts(client, announce):
    announce(title="Planned maintenance on Sunday night", pinned_for=timedelta(seconds=25))
    assert "Planned maintenance on Sunday night" in client.get("/").content.decode()
    assert seconds_left_of_kept_page("/", "visitor") <= 25


def test_a_page_whose_banner_ends_within_a_second_is_not_kept_at_all(client, announce):
    announce(banner=TEXT, banner_for=timedelta(milliseconds=900))
    client.get("/")
    backend = caches["pages"]
    key = pagecache.page_key("/", ("visitor",), LISTS)
    assert backend.get(key) is None


def test_a_page_without_a_banner_or_pin_is_kept_for_the_usual_time(client, settings, announce):
    settings.PAGE_CACHE_SECONDS = 45
    announce(banner=TEXT, banner_for=timedelta(hours=4))
    client.get("/")
    assert 40 < seconds_left_of_kept_page("/", "visitor") <= 45
