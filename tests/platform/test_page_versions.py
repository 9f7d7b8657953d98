"""The page cache's named versions (config/pagecache.py), on the production commit path:
these tests commit for real (transaction=True), so a version moves as in production, when
the action's transaction commits (transaction.on_commit), and never on a rollback. Each main
action bumps the names of what it changes and nothing else a page shows; a vote leaves the
queue and every other thread's pages kept; an idle site keeps its pages."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.core.cache import caches
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import import_string

from announcements.actions import BannerRequest, post_announcement
from config import pagecache
from forum import actions
from forum.notifications import mark_notifications_read
from moderation.actions.decisions import hide_post
from responses.actions import claim_thread, dismiss_thread, request_official_response
from team.actions import change_default_lag, grant_role
from tests.factories import PASSWORD, UserFactory, make_answer, make_thread
from tests.invalidation import assert_invalidates, assert_invalidates_nothing

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _empty_pages():
    # The pages' table outlives a committing test's flush (it is no model's): start empty.
    caches["pages"].clear()
    yield
    caches["pages"].clear()


@pytest.fixture
def world():
    asker = UserFactory(username="asker", reputation=200)
    answerer = UserFactory(username="answerer", reputation=200)
    thread = make_thread(author=asker, title="The hub drops wifi every night", tags=("wifi",))
    other = make_thread(author=asker, title="Billing shows two charges", tags=("billing",))
    answer = make_answer(thread=thread, author=answerer, body="Unplug the booster, then restart the hub.")
    return {
        "asker": asker,
        "answerer": answerer,
        "rep": UserFactory(username="rita", groups=["Reps"]),
        "lead": UserFactory(username="lena", groups=["Leads"]),
        "moderator": UserFactory(username="mo", groups=["Moderators"]),
        "thread": thread,
        "other": other,
        "answer": answer,
    }


def thread_reads(client: Client, url: str) -> int:
    """How many times a request read the threads table (a render does; a kept page does not)."""
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return sum("forum_thread" in query["sql"] for query in context.captured_queries)


def kept(client: Client, url: str) -> bool:
    client.get(url)
    return thread_reads(client, url) == 0


def test_a_change_bumps_its_versions_when_its_transaction_commits():
    with pagecache.observing_bumps() as bumped, transaction.atomic():
        pagecache.changed("threads", "thread:1")
        assert bumped == []  # not yet: a reader could still read the rows from before
    assert bumped == ["threads", "thread:1"]


def test_a_rolled_back_change_bumps_nothing():
    before = pagecache.versions(("threads",))

    def failing_action():
        with transaction.atomic():
            pagecache.changed("threads")
            raise RuntimeError("the action failed")

    with assert_invalidates_nothing(), pytest.raises(RuntimeError):
        failing_action()
    assert pagecache.versions(("threads",)) == before


def test_a_bump_gives_a_new_version_to_its_names_only():
    before = pagecache.versions(("threads", "queue", "thread:1"))
    pagecache.changed("threads")  # outside a transaction: at once
    after = pagecache.versions(("threads", "queue", "thread:1"))
    assert after[0] != before[0]
    assert after[1:] == before[1:]


def test_reading_many_versions_costs_one_cache_round_trip(monkeypatch):
    """One call on the pages cache, whichever backend holds it (the database's cache table
    when embedded, Redis in production)."""
    names = ("site", "announcements", "threads", "thread:1", "member:1")
    pagecache.versions(names)  # they exist now
    pages, calls = caches["pages"], []
    for method in ("get", "get_many", "add", "set", "set_many", "has_key", "get_or_set"):
        original = getattr(pages, method)

        def counted(*args, _method=method, _original=original, **kwargs):
            calls.append(_method)
            return _original(*args, **kwargs)

        monkeypatch.setattr(pages, method, counted)
    pagecache.versions(names)
    assert calls == ["get_many"]


# --- Each action bumps what it changes --------------------------------------------------------

ACTIONS = {
    "ask": (
        lambda w: make_thread(author=w["asker"], title="A brand new question about the router"),
        ("threads", "tags"),
        ("queue",),
    ),
    "answer": (
        lambda w: make_answer(thread=w["thread"], author=w["rep"], body="Try another channel on the hub."),
        ("threads", "thread:{thread}"),
        ("thread:{other}",),
    ),
    "vote on an answer": (
        lambda w: actions.cast_vote(voter=w["asker"], post=w["answer"], value=1),
        ("thread:{thread}", "member:{answerer}"),
        ("queue", "threads", "thread:{other}", "site"),
    ),
    "vote on a question": (
        lambda w: actions.cast_vote(voter=w["answerer"], post=w["thread"].posts.get(is_question=True), value=1),
        ("threads", "thread:{thread}", "member:{asker}"),
        ("queue", "thread:{other}", "site"),
    ),
    "accept": (
        lambda w: actions.accept_answer(post=w["answer"], by=w["asker"]),
        ("threads", "thread:{thread}", "member:{answerer}"),
        ("queue", "thread:{other}"),
    ),
    "edit": (
        lambda w: actions.edit_post(post=w["answer"], editor=w["answerer"], body="Unplug the booster for a minute."),
        ("threads", "thread:{thread}"),
        ("queue", "thread:{other}"),
    ),
    "withdraw": (
        lambda w: actions.withdraw_post(post=w["answer"], by=w["answerer"]),
        ("threads", "thread:{thread}"),
        ("thread:{other}",),
    ),
    "flag-hide": (
        lambda w: hide_post(post=w["answer"], by=w["moderator"], rule="spam"),
        ("threads", "thread:{thread}"),
        ("thread:{other}",),
    ),
    "mark official": (
        lambda w: actions.mark_official(post=w["answer"], by=w["rep"]),
        ("threads", "queue", "thread:{thread}"),
        ("thread:{other}",),
    ),
    "request official": (
        lambda w: request_official_response(thread=w["thread"], by=w["asker"]),
        ("queue", "thread:{thread}"),
        ("thread:{other}",),
    ),
    "claim": (
        lambda w: claim_thread(thread=w["thread"], by=w["rep"]),
        ("queue", "thread:{thread}"),
        ("threads", "thread:{other}"),
    ),
    "dismiss": (
        lambda w: dismiss_thread(thread=w["thread"], by=w["rep"], reason="Not for us"),
        ("queue", "thread:{thread}"),
        ("threads", "thread:{other}"),
    ),
    "announcement": (
        lambda w: post_announcement(
            author=w["rep"],
            title="Planned maintenance on Sunday night",
            body="The network is down from 2 to 4.",
            tags=["wifi"],
            pinned_until=timezone.now() + timedelta(days=1),
            banner=BannerRequest(text="Maintenance tonight", clears_at=timezone.now() + timedelta(hours=4)),
        ),
        ("announcements", "threads"),
        ("queue", "thread:{thread}"),
    ),
    "role": (
        lambda w: grant_role(user=w["answerer"], role="rep", by=w["lead"]),
        ("roles", "site", "member:{answerer}"),
        ("threads",),
    ),
    "notifications read": (
        lambda w: mark_notifications_read(user=w["asker"]),
        ("member:{asker}",),
        ("threads", "site", "thread:{thread}"),
    ),
    "lag": (lambda w: change_default_lag(minutes=45, by=w["lead"]), ("site",), ("threads",)),
}


@pytest.mark.parametrize("action", list(ACTIONS))
def test_each_action_bumps_what_it_changes_and_not_the_rest(world, action):
    act, bumps, spares = ACTIONS[action]
    ids = {key: value.pk for key, value in world.items()}
    with assert_invalidates(*(name.format(**ids) for name in bumps), not_=tuple(n.format(**ids) for n in spares)):
        act(world)


def test_a_profile_edit_bumps_the_member_and_a_new_name_every_page_showing_it(world):
    client = Client()
    client.force_login(world["answerer"])
    url = reverse("accounts:settings")
    with assert_invalidates(f"member:{world['answerer'].pk}", "site"):
        assert client.post(url, {"display_name": "Ann Swerer", "bio": ""}).status_code == 302
    with assert_invalidates(f"member:{world['answerer'].pk}", not_=("site",)):
        client.post(url, {"display_name": "Ann Swerer", "bio": "Fixes hubs."})


def test_a_vote_keeps_the_queue_and_every_other_threads_pages(world):
    """Before named versions any write emptied every kept page: a vote, every rep's queue."""
    rep, visitor = Client(), Client()
    rep.force_login(world["rep"])
    request_official_response(thread=world["other"], by=world["asker"])
    queue, other = reverse("responses:official_queue"), world["other"].get_absolute_url()
    assert kept(rep, queue)
    assert kept(visitor, other)
    assert kept(visitor, "/tags/")
    actions.cast_vote(voter=world["asker"], post=world["answer"], value=1)
    assert thread_reads(rep, queue) == 0
    assert thread_reads(visitor, other) == 0
    assert thread_reads(visitor, "/tags/") == 0
    assert thread_reads(visitor, world["thread"].get_absolute_url()) > 0  # the voted thread's page is new


def test_an_idle_site_keeps_its_pages(world, client):
    """Every beat task with nothing due, and a member logging in, bump nothing: the next
    visitor is served the kept page."""
    pages = ["/", "/tags/", world["thread"].get_absolute_url()]
    for url in pages:
        assert kept(client, url)
    with assert_invalidates_nothing():
        for entry in settings.CELERY_BEAT_SCHEDULE.values():
            import_string(entry["task"])()
        member = Client()
        response = member.post("/accounts/login/", {"login": world["asker"].email, "password": PASSWORD})
        assert response.status_code == 302
    for url in pages:
        assert thread_reads(client, url) == 0, url


def test_a_thread_marked_overdue_renders_the_queue_and_its_page_again(world, client, settings):
    """A beat task that changes what pages show bumps their names."""
    url = world["other"].get_absolute_url()
    assert kept(client, url)
    later = timezone.now() + timedelta(days=2)
    from responses.jobs import mark_overdue_threads

    with assert_invalidates("queue", "threads", f"thread:{world['other'].pk}"):
        assert world["other"].pk in mark_overdue_threads(now=later)
    assert thread_reads(client, url) > 0
