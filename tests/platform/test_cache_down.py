"""Redis (the cache) stopped (issue 15, faults): reading goes on, and what the rate limits
guard (logging in, answering) is refused with the 503 page in the layout, never a 500. The
fault with a real redis-server stopped is `python -m bench.faults cache-down`."""

import pytest
from django.urls import reverse

from tests.factories import UserFactory, make_thread

pytestmark = pytest.mark.django_db

NOBODY_LISTENS = "redis://127.0.0.1:1/0"


@pytest.fixture
def cache_down(settings):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": NOBODY_LISTENS},
        "pages": {"BACKEND": "config.cache.ForgivingRedisCache", "LOCATION": NOBODY_LISTENS, "KEY_PREFIX": "pages"},
    }


def test_with_the_cache_down_pages_are_read_and_login_and_answers_fail_closed_with_the_503_page(
    client, member, password, cache_down
):
    thread = make_thread(author=UserFactory())
    for page in ("/", thread.get_absolute_url(), reverse("account_login")):
        assert client.get(page).status_code == 200, page
    refused = client.post(reverse("account_login"), {"login": member.email, "password": password})
    assert refused.status_code == 503
    assert b"We could not do that just now" in refused.content
    assert b"<nav" in refused.content or b"<header" in refused.content  # in the layout
    assert "_auth_user_id" not in client.session
    client.force_login(member)
    answered = client.post(reverse("forum:answer", args=[thread.pk]), {"body": "Unplug it for ten seconds first."})
    assert answered.status_code == 503
    assert not thread.posts.filter(is_question=False).exists()
