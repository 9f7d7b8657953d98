"""CSRF is enforced on every POST endpoint: a client with CSRF checks on, logged in as a
member or a rep, is refused with the 403_csrf page without a token and is not refused
for CSRF with one."""

import pytest

from tests.platform.security_world import World, client_for, quiet_refusals, send, url_patterns
from tests.platform.test_security_matrix import MATRIX


@pytest.fixture
def world(member, rep):
    """No objects: CSRF is checked before any view looks its object up, and with a token a
    404 for a missing object is as good an answer as any that is not the CSRF page."""
    values = dict.fromkeys(("thread_id", "post_id", "notification_id", "case_id", "tag_id", "user_id"), 1)
    values |= {
        "record_id": 1,
        "entry_id": 1,
        "word_id": 1,
        "reply_id": 1,
        "held_id": 1,
        "banner_id": 1,
        "number": 1,
        "uidb36": "1",
        "key": "not-a-key",
    }
    values |= {"subscription_id": 1}
    values |= {"username": member.username, "slug": "wifi"}
    return World(users={"new": member, "rep": rep, "anonymous": None}, values=values)


def post_endpoints() -> list[tuple[str, str]]:
    """Every site pattern that takes a POST from someone (the matrix says which)."""
    return [
        (route, name)
        for route, name in url_patterns()
        if not route.startswith("admin/") and MATRIX[name]["POST"] != "405"
    ] + [("admin/", "admin:index")]  # the admin's forms: one of them stands for all


def refused_for_csrf(response) -> bool:
    if response.status_code == 403 and response.get("Content-Type") == "application/json":
        return response.json()["error"]["code"] == "csrf_failed"  # the API's session (api/authentication.py)
    return response.status_code == 403 and "403_csrf.html" in [template.name for template in response.templates]


@pytest.mark.parametrize("role", ["new", "rep"])
def test_every_post_without_a_token_is_refused_and_with_one_is_not(world, settings, role):
    settings.ACTION_RATE_LIMITS_ON = False
    settings.ACCOUNT_RATE_LIMITS = False
    client = client_for(world.users[role], enforce_csrf_checks=True)
    client.get("/settings/")  # a form page sets the CSRF cookie, as in a browser
    token = client.cookies[settings.CSRF_COOKIE_NAME].value
    endpoints = post_endpoints()
    without, with_token = {}, {}
    with quiet_refusals():
        for route, name in endpoints:
            url = world.url(name, route) if name != "admin:index" else "/admin/login/"
            without[url] = refused_for_csrf(send(client, "POST", url, {}))
            with_token[url] = refused_for_csrf(send(client, "POST", url, {"csrfmiddlewaretoken": token}))
    assert [url for url, refused in without.items() if not refused] == []
    assert [url for url, refused in with_token.items() if refused] == []
    assert len(endpoints) > 60


def test_a_token_from_another_session_is_refused(world, settings):
    victim = client_for(world.users["new"], enforce_csrf_checks=True)
    attacker = client_for(None, enforce_csrf_checks=True)
    victim.get("/settings/")
    attacker.get("/accounts/login/")
    token = attacker.cookies[settings.CSRF_COOKIE_NAME].value
    with quiet_refusals():
        response = send(victim, "POST", "/notifications/read/", {"csrfmiddlewaretoken": token})
    assert refused_for_csrf(response)
