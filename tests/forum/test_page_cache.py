"""Rendered pages kept in the cache (config/pagecache.py) are exactly as fresh and as
private as pages rendered every time: any action's write is on the next page anyone reads,
a visitor's kept page holds nothing of anyone else, and with the cache down pages still
load. These run inside the test's transaction (versions bumped at once); the production
commit path is tests/platform/test_page_versions.py's."""

import re
from datetime import UTC, datetime

import pytest
from django.contrib.auth.models import Group
from django.contrib.messages import constants
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from config import pagecache
from forum.models import Thread
from forum.notifications import notify
from moderation.actions.decisions import hide_post
from responses.actions import claim_thread, request_official_response
from tests.factories import UserFactory, make_answer, make_thread
from tests.invalidation import assert_invalidates_nothing

pytestmark = pytest.mark.django_db


@pytest.fixture
def thread(member):
    return make_thread(author=member, title="The hub drops wifi every night", tags=("wifi",))


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def thread_queries(client, url: str) -> int:
    """How many times the request read the threads table (a render reads it; a kept page does not)."""
    with CaptureQueriesContext(connection) as context:
        page(client, url)
    return sum(
        query["sql"].startswith("SELECT") and "forum_thread" in query["sql"] for query in context.captured_queries
    )


def urls_showing(thread: Thread) -> list[str]:
    return ["/", "/tags/wifi/", "/search/?q=wifi", thread.get_absolute_url()]


@pytest.mark.parametrize("logged_in", [False, True], ids=["visitor", "member"])
def test_a_new_question_asked_through_an_action_is_on_the_next_page(client, thread, logged_in):
    if logged_in:
        client.force_login(UserFactory())
    for url in ("/", "/tags/wifi/"):
        page(client, url)
        assert thread_queries(client, url) == 0  # kept
    make_thread(author=UserFactory(), title="A brand new question about wifi", tags=("wifi",))
    for url in ("/", "/tags/wifi/"):
        assert "A brand new question about wifi" in page(client, url)


@pytest.mark.parametrize("logged_in", [False, True], ids=["visitor", "member"])
def test_an_answer_is_on_the_thread_page_at_once(client, thread, logged_in):
    if logged_in:
        client.force_login(UserFactory())
    url = thread.get_absolute_url()
    assert "Unplug the booster" not in page(client, url)
    make_answer(thread=thread, author=UserFactory(), body="Unplug the booster, then restart the hub.")
    assert "Unplug the booster" in page(client, url)


def test_a_write_outside_the_actions_is_seen_within_page_cache_seconds(client, thread, settings, monkeypatch):
    """Not every write goes through an action (a shell, dbshell, a data fix): nothing bumps a
    version then, and the kept pages show it once they expire (PAGE_CACHE_SECONDS), or at
    once after forget_kept_pages. Comment-led and WITH statements alike: nothing reads SQL."""
    settings.PAGE_CACHE_SECONDS = 3
    pages, kept = caches["pages"], {}
    for method in ("set", "add"):
        original = getattr(pages, method)

        def keeping(key, value, timeout=None, *args, _original=original, **kwargs):
            kept[key] = timeout
            return _original(key, value, timeout, *args, **kwargs)

        monkeypatch.setattr(pages, method, keeping)
    for url in urls_showing(thread)[:2]:
        page(client, url)
    pages_kept = [key for key in kept if key.startswith(pagecache.KEY_MARK)]
    assert pages_kept
    assert all(0 < kept[key] <= 3 for key in pages_kept)  # each expires by then
    with connection.cursor() as cursor:
        cursor.execute(
            "/* a data fix */ WITH chosen AS (SELECT CAST(%s AS text) AS title) "
            "UPDATE forum_thread SET title = (SELECT title FROM chosen) WHERE id = %s",
            ["The hub drops wifi every single night", thread.pk],
        )
    for url in urls_showing(thread)[:2]:
        assert "every single night" not in page(client, url)  # kept: nothing said it changed
    pages.delete_many(pages_kept)  # what their expiry does, PAGE_CACHE_SECONDS later
    for url in urls_showing(thread)[:2]:
        assert "every single night" in page(client, url)


def test_forget_kept_pages_shows_a_write_outside_the_actions_at_once(client, thread):
    for url in urls_showing(thread):
        page(client, url)
    Thread.objects.filter(pk=thread.pk).update(title="The hub drops wifi every single night")
    call_command("forget_kept_pages")
    for url in urls_showing(thread)[:3]:
        assert "every single night" in page(client, url)


def test_a_hidden_answer_leaves_every_visitors_page_at_once(client, thread):
    answer = make_answer(thread=thread, author=UserFactory(), body="Buy my miracle booster at example.com now.")
    url = thread.get_absolute_url()
    assert "miracle booster" in page(client, url)
    hide_post(post=answer, by=UserFactory(groups=["Moderators"]), rule="spam")
    assert "miracle booster" not in page(client, url)


def test_a_counted_view_bumps_nothing(client, thread):
    """A crowd reading a thread does not empty the cache it reads from."""
    with assert_invalidates_nothing():
        page(client, thread.get_absolute_url())
    assert Thread.objects.get(pk=thread.pk).view_count == 1


def test_a_visitor_served_from_the_cache_still_counts_as_a_view(client, thread):
    url = thread.get_absolute_url()
    page(client, url)
    caches["pages"].delete(f"thread-view:{thread.pk}:ip127.0.0.1")  # the view window, as if it had passed
    assert thread_queries(client, url) == 0  # served from the cache...
    assert Thread.objects.get(pk=thread.pk).view_count == 2  # ...and counted


def test_a_kept_visitors_page_holds_no_token_no_cookie_and_nobody_else(client, thread):
    reader = UserFactory(username="carol", display_name="Carol Reader")
    client.force_login(reader)
    page(client, thread.get_absolute_url())
    client.logout()
    for url in urls_showing(thread):
        page(client, url)
        response = client.get(url)  # the kept copy
        assert response.status_code == 200
        assert not response.cookies
        assert "csrfmiddlewaretoken" not in response.content.decode()
        assert "Carol Reader" not in response.content.decode()


def test_members_never_share_a_thread_body(client, thread):
    """A member's thread body holds their own votes, buttons and token: kept per session."""
    client.force_login(thread.author)
    asker_page = page(client, thread.get_absolute_url())
    other = UserFactory()
    client.force_login(other)
    other_page = page(client, thread.get_absolute_url())
    edit_question = f"/p/{thread.posts.get(is_question=True).pk}/edit/"
    assert edit_question in asker_page
    assert edit_question not in other_page
    assert 'name="csrfmiddlewaretoken"' in other_page


def test_a_visitor_with_a_message_waiting_sees_it_and_nobody_else_does(client, member):
    client.force_login(member)
    response = client.post("/accounts/logout/", follow=True)
    assert "signed out" in response.content.decode().lower()
    assert "signed out" not in page(client.__class__(), "/").lower()


def test_an_htmx_request_is_never_answered_with_a_kept_page(client, thread):
    page(client, "/")
    response = client.get("/", headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert thread_queries(client, "/") == 0  # the full page is still kept for the next visitor


def test_kept_pages_are_never_older_than_page_cache_seconds(client, thread, settings):
    """Relative times ("asked 3 minutes ago") are at most a minute stale: every entry expires."""
    settings.PAGE_CACHE_SECONDS = 45
    before = timezone.now()
    page(client, thread.get_absolute_url())
    backend = caches["pages"]
    if hasattr(backend, "_cache") and hasattr(backend._cache, "get_client"):
        client_ = backend._cache.get_client()
        ttls = [client_.ttl(key) for key in client_.scan_iter(match=f"*{pagecache.KEY_MARK}*")]
        assert ttls
        assert all(0 < ttl <= 45 for ttl in ttls)
    else:
        with connection.cursor() as cursor:
            cursor.execute("SELECT expires FROM cache_table WHERE cache_key LIKE %s", [f"%{pagecache.KEY_MARK}%"])
            expiries = [row[0] for row in cursor.fetchall()]
        assert expiries
        for expires in expiries:
            expires = datetime.fromisoformat(expires) if isinstance(expires, str) else expires
            expires = expires if timezone.is_aware(expires) else expires.replace(tzinfo=UTC)
            assert 0 < (expires - before).total_seconds() <= 46


def test_with_the_cache_down_every_page_still_loads(client, thread, settings):
    settings.CACHES = {
        **settings.CACHES,
        "pages": {"BACKEND": "config.cache.ForgivingRedisCache", "LOCATION": "redis://127.0.0.1:1/0"},
    }
    lists, thread_url = urls_showing(thread)[:3], thread.get_absolute_url()
    for _reader in ("visitor", "member"):
        for url in lists:
            assert thread_url in page(client, url)
        assert f"{thread.title}</h1>" in page(client, thread_url)
        client.force_login(UserFactory())
    make_answer(thread=thread, author=UserFactory(), body="Move the hub away from the microwave oven.")
    assert "microwave oven" in page(client, thread.get_absolute_url())


def test_with_the_page_cache_off_nothing_is_kept(client, thread, settings):
    settings.PAGE_CACHE = False
    page(client, "/")
    assert thread_queries(client, "/") > 0


def test_the_form_on_a_members_kept_thread_page_still_posts(thread):
    """The kept body holds the member's CSRF token, which stays good for their session."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(UserFactory())
    url = thread.get_absolute_url()
    page(client, url)
    kept = page(client, url)
    assert thread_queries(client, url) == 0  # the member's own copy of the page is kept
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', kept).group(1)
    body = "Turn off the band steering in the settings page of the hub."
    response = client.post(f"/answer/{thread.pk}/", {"body": body, "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert body in page(client, url)


def test_the_queue_shows_a_new_request_and_a_claim_at_once(client, thread, rep):
    """The queue's content is kept per rep; a request or another rep's claim renders it again."""
    client.force_login(rep)
    assert thread.title not in page(client, "/official/")
    request_official_response(thread=thread, by=thread.author)
    assert thread.title in page(client, "/official/")
    other = UserFactory(display_name="Rita Rep", groups=["Reps"])
    claim_thread(thread=thread, by=other)
    assert "Rita Rep" in page(client, "/official/")


def test_a_lead_and_a_rep_never_share_the_queue(client, thread, rep):
    """A lead may assign a thread to a rep; a rep reading the same address afterwards gets
    their own page, without the lead's form."""
    request_official_response(thread=thread, by=thread.author)
    assign = f"/official/{thread.pk}/assign/"
    client.force_login(UserFactory(groups=["Leads"]))
    assert assign in page(client, "/official/?show=all")
    client.force_login(rep)
    assert assign not in page(client, "/official/?show=all")


def test_a_member_made_a_rep_sees_the_queue_on_their_next_page(client, member):
    """Permissions are kept per member and "roles" version: a new role bumps it."""
    client.force_login(member)
    assert 'data-testid="queue-link"' not in page(client, "/")
    member.groups.add(Group.objects.get(name="Reps"))
    assert 'data-testid="queue-link"' in page(client, "/")


def test_the_unread_count_follows_a_new_notification(client, member):
    client.force_login(member)
    assert "Notifications, 0 unread" in page(client, "/")
    notify(recipient_ids=[member.pk], text="Someone answered", url="/")
    assert "Notifications, 1 unread" in page(client, "/")


def message_cookie(text: str) -> str:
    """The messages cookie Django's storage writes for one message."""
    storage = CookieStorage(RequestFactory().get("/"))
    storage.add(constants.INFO, text)
    response = HttpResponse()
    storage.update(response)
    return response.cookies["messages"].value


def test_a_member_with_a_message_waiting_sees_it_on_the_next_page(client, thread, member):
    """A kept copy of a member's page is never served over a message meant for them, such
    as one that came with no write ("Rita already has this thread")."""
    client.force_login(member)
    page(client, "/")
    page(client, "/")  # kept now
    client.cookies["messages"] = message_cookie("Rita already has it.")
    assert "Rita already has it." in page(client, "/")
    assert "Rita already has it." not in page(client, "/")  # shown once, as messages are


def test_a_members_kept_page_is_never_served_to_another_member(client, thread):
    first = UserFactory(display_name="Frances First")
    client.force_login(first)
    page(client, "/")
    page(client, "/")
    client.force_login(UserFactory(display_name="Sam Second"))
    shown = page(client, "/")
    assert "Sam Second" in shown
    assert "Frances First" not in shown
