"""Headers every response carries: members' pages are private to their browser, and no
page may use a powerful browser feature the site never needs."""

import pytest
from django.utils.cache import get_max_age

pytestmark = pytest.mark.django_db

DENIED_FEATURES = ["camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()", "interest-cohort=()"]


def cache_control(response) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part.strip()}


@pytest.mark.parametrize("url", ["/", "/tags/", "/notifications/", "/u/member/", "/no-such-page/"])
def test_every_page_served_to_a_member_is_private(client, member, url):
    client.force_login(member)
    response = client.get(url)
    assert response.status_code in (200, 404)
    assert "private" in cache_control(response)
    assert "public" not in cache_control(response)


def test_a_page_that_must_never_be_cached_stays_so_for_a_member_and_becomes_private(client, member):
    client.force_login(member)
    response = client.get("/healthz")
    assert {"no-cache", "no-store", "must-revalidate", "private"} <= cache_control(response)
    assert get_max_age(response) == 0


@pytest.mark.parametrize("url", ["/", "/tags/", "/u/member/", "/no-such-page/"])
def test_pages_served_to_an_anonymous_visitor_are_not_marked_private(client, member, url):
    response = client.get(url)
    assert "private" not in cache_control(response)


@pytest.mark.parametrize("url", ["/", "/u/member/", "/no-such-page/", "/healthz", "/?tag=wi%00fi", "/ask/"])
def test_every_response_denies_the_browser_features_the_site_never_uses(client, member, url):
    response = client.get(url)
    policy = [directive.strip() for directive in response["Permissions-Policy"].split(",")]
    assert set(DENIED_FEATURES) <= set(policy)


def test_static_files_served_by_whitenoise_carry_the_permissions_policy_too(client, settings):
    # pytest-django turns DEBUG off, and with it WhiteNoise's finders: serve the sources.
    settings.WHITENOISE_USE_FINDERS = True
    response = client.get("/static/favicon.svg")
    assert response.status_code == 200
    assert "camera=()" in response["Permissions-Policy"]


def test_a_member_gets_the_same_permissions_policy(client, member):
    client.force_login(member)
    response = client.get("/")
    assert set(DENIED_FEATURES) <= {directive.strip() for directive in response["Permissions-Policy"].split(",")}
