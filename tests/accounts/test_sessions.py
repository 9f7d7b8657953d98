"""Sessions end for good, or visibly not at all (issue 24): a logout, every session of a
member (account deletion) and every other one (a new password), whatever Redis (the cache)
is doing: a real redis-server stopped, then back with what it held. And a logout the
database cannot carry out answers the error page."""

import re

import pytest
from django.conf import settings
from django.core import mail
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from accounts.actions import delete_account
from accounts.sessions import SessionStore, end_sessions_of

pytestmark = pytest.mark.django_db

SETTINGS_PAGE = "/settings/"  # login_required: 200 for a member, a redirect to the login for nobody


@pytest.fixture
def cache_on_private_redis(settings, private_redis):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": private_redis.url},
        "pages": {"BACKEND": "config.cache.ForgivingRedisCache", "LOCATION": private_redis.url, "KEY_PREFIX": "pages"},
    }
    return private_redis


def logged_in_client(member) -> tuple[Client, str]:
    client = Client()
    client.force_login(member)
    assert client.get(SETTINGS_PAGE).status_code == 200
    return client, client.cookies[settings.SESSION_COOKIE_NAME].value


def client_with_session(key: str) -> Client:
    """Another browser holding the same cookie (a copied or stolen one)."""
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = key
    return client


def test_a_member_reads_pages_and_logs_out_while_redis_is_down(member, cache_on_private_redis):
    client, key = logged_in_client(member)
    cache_on_private_redis.stop()
    assert client.get("/").status_code == 200
    assert client.get(SETTINGS_PAGE).status_code == 200  # still logged in: the session does not need Redis
    assert client.post(reverse("account_logout")).status_code == 302
    assert not SessionStore().exists(key)


def test_a_logout_while_redis_is_down_is_not_undone_when_redis_comes_back(member, cache_on_private_redis):
    client, key = logged_in_client(member)
    cache_on_private_redis.snapshot()  # whatever Redis holds now, it holds again after its restart
    cache_on_private_redis.stop()

    logged_out = client.post(reverse("account_logout"))
    cache_on_private_redis.start()

    # The logout said it worked, so the session must be gone: its cookie logs nobody in.
    assert logged_out.status_code == 302
    assert client_with_session(key).get(SETTINGS_PAGE).status_code == 302
    assert not SessionStore().exists(key)
    assert SessionStore(key).load() == {}


def test_ending_every_session_of_a_member_while_redis_is_down_misses_none(member, cache_on_private_redis):
    keys = [logged_in_client(member)[1] for _ in range(2)]
    cache_on_private_redis.snapshot()
    cache_on_private_redis.stop()

    assert end_sessions_of(member.pk) == 2
    cache_on_private_redis.start()

    for key in keys:
        assert not SessionStore().exists(key)
        assert SessionStore(key).load() == {}
        assert client_with_session(key).get(SETTINGS_PAGE).status_code == 302


def test_deleting_an_account_while_redis_is_down_leaves_no_session_of_it(member, cache_on_private_redis):
    client, key = logged_in_client(member)
    cache_on_private_redis.snapshot()
    cache_on_private_redis.stop()

    assert delete_account(member=member, by=member)
    cache_on_private_redis.start()

    assert SessionStore(key).load() == {}  # nothing of the member's session is kept anywhere
    assert client.get(SETTINGS_PAGE).status_code == 302


NEW_PASSWORD = "a-fresh-password-nobody-guesses"


def test_changing_the_password_ends_every_other_session_of_the_member_at_once(member, password):
    here, _key = logged_in_client(member)
    elsewhere_keys = [logged_in_client(member)[1] for _ in range(2)]
    changed = here.post(
        reverse("account_change_password"),
        {"oldpassword": password, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert changed.status_code == 302
    assert here.get(SETTINGS_PAGE).status_code == 200  # this browser stays logged in
    for key in elsewhere_keys:
        assert not SessionStore().exists(key)  # gone now, not only refused at their next request
        assert client_with_session(key).get(SETTINGS_PAGE).status_code == 302


def test_resetting_a_forgotten_password_ends_every_session_of_the_member(member):
    keys = [logged_in_client(member)[1] for _ in range(2)]
    visitor = Client()
    visitor.post(reverse("account_reset_password"), {"email": member.email})
    from_key = visitor.get(re.search(r"https?://\S+(/accounts/password/reset/key/\S+)", mail.outbox[-1].body)[1])
    reset = visitor.post(from_key["Location"], {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert reset.status_code == 302
    assert not any(SessionStore().exists(key) for key in keys)


@pytest.mark.django_db(transaction=True)
def test_a_logout_the_database_cannot_carry_out_answers_an_error_and_claims_nothing(postgresql, member):
    """The other half: when the session cannot be deleted (here another connection holds
    its row, and the request may wait 200 ms for it), the member sees the error page, never
    "signed out", and the session still reads: they know to try again."""
    client, key = logged_in_client(member)
    holder = connections.create_connection("default")
    try:
        with holder.cursor() as cursor:
            holder.set_autocommit(False)
            cursor.execute("SELECT 1 FROM accounts_membersession WHERE session_key = %s FOR UPDATE", [key])
            with connection.cursor() as own:
                own.execute("SET lock_timeout = '200ms'")
            client.raise_request_exception = False
            refused = client.post(reverse("account_logout"))
            with connection.cursor() as own:
                own.execute("RESET lock_timeout")
        holder.rollback()
    finally:
        holder.close()

    assert refused.status_code == 500
    assert b"signed out" not in refused.content
    assert SessionStore().exists(key)
    assert client_with_session(key).get(SETTINGS_PAGE).status_code == 200
