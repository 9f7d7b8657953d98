"""Rate limits live in a store that pages cannot evict (issue 24): on the embedded setup
(no Redis) a crowd of anonymous page views once culled the database cache's table shared
with the kept pages, and a login lockout went with them."""

from datetime import timedelta

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

pytestmark = pytest.mark.django_db


@pytest.fixture
def embedded_caches(settings):
    """The caches of the setup without Redis, whichever this run uses, with their tables
    made as `migrate` makes them."""
    settings.CACHES = settings.EMBEDDED_CACHES
    call_command("createcachetable", verbosity=0)


def log_in(client: Client, email: str, password: str) -> bool:
    client.post(reverse("account_login"), {"login": email, "password": password})
    return "_auth_user_id" in client.session


def test_rate_limits_and_pages_have_a_table_each(embedded_caches):
    assert caches["default"]._table != caches["pages"]._table


def test_a_login_lockout_survives_500_anonymous_page_views(embedded_caches, member, password):
    attacker = Client()
    for _ in range(5):  # allauth's login_failed limit: 5 per 5 minutes per address
        assert not log_in(attacker, member.email, "not-the-password")
    assert not log_in(attacker, member.email, password)  # locked out

    visitor = Client()
    for number in range(500):
        assert visitor.get(f"/?from=campaign-{number}").status_code == 200

    assert not log_in(attacker, member.email, password)  # still locked out


def test_the_rate_limits_table_past_max_entries_drops_expired_limits_only(embedded_caches, settings):
    settings.CACHES = {"default": {**settings.EMBEDDED_CACHES["default"], "OPTIONS": {"MAX_ENTRIES": 5}}}
    limits = caches["default"]
    limits.set("lockout", 5, timeout=300)
    for number in range(4):
        limits.set(f"old-{number}", 1, timeout=300)
    with connection.cursor() as cursor:  # four limits whose period ended an hour ago
        cursor.execute(
            "UPDATE rate_limits SET expires = %s WHERE cache_key LIKE %s",
            [connection.ops.adapt_datetimefield_value(timezone.now() - timedelta(hours=1)), "%old-%"],
        )
    for number in range(20):  # many new live limits: over MAX_ENTRIES again and again
        limits.set(f"new-{number}", 1, timeout=300)

    assert limits.get("lockout") == 5
    assert all(limits.get(f"new-{number}") == 1 for number in range(20))
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM rate_limits WHERE cache_key LIKE %s", ["%old-%"])
        assert cursor.fetchone()[0] == 0
