"""The API reads what the pages read: the home page's tabs and tag filter in their order,
walked with a cursor; a thread's posts without what the page shows others as a tombstone;
public profiles; search in the search page's order; the queue and the dashboard."""

import pytest
from django.urls import reverse
from django.utils import timezone

from forum import actions as forum_actions
from forum import search
from forum.models import Thread
from forum.querysets import LIST_TABS
from moderation import actions as moderation_actions
from tests.factories import UserFactory, make_answer, make_thread, set_reputation, set_state

pytestmark = pytest.mark.django_db


@pytest.fixture
def forum(db):
    """25 threads in two tags, some answered, one solved, one overdue."""
    askers = [UserFactory() for _ in range(3)]
    threads = [
        make_thread(
            author=askers[n % 3], title=f"How do I reset the hub in room {n}?", tags=["wifi" if n % 2 else "billing"]
        )
        for n in range(25)
    ]
    for thread in threads[::4]:
        make_answer(thread=thread, author=askers[(threads.index(thread) + 1) % 3])
    solved = threads[4]
    forum_actions.accept_answer(post=solved.posts.get(is_question=False), by=solved.author)
    set_state(Thread.objects.filter(pk=threads[1].pk), overdue_at=timezone.now())
    return threads


def _all_pages(client, url: str, **params) -> list[int]:
    ids, response = [], client.get(url, {**params, "page_size": 7})
    while True:
        body = response.json()
        ids += [row["id"] for row in body["results"]]
        if not body["next"]:
            return ids
        response = client.get(body["next"])


@pytest.mark.parametrize("tab", list(LIST_TABS))
def test_each_tab_lists_what_the_home_page_lists_in_its_order(client, forum, tab):
    expected = list(LIST_TABS[tab][1](Thread.objects.listed()).values_list("pk", flat=True))
    assert _all_pages(client, reverse("api:threads"), tab=tab) == expected


def test_the_tag_filter_keeps_the_tag_s_threads(client, forum):
    ids = _all_pages(client, reverse("api:threads"), tag="wifi")
    assert ids == list(Thread.objects.listed().tagged("wifi").newest().values_list("pk", flat=True))
    assert len(ids) == 12


def test_the_cursor_walks_back_as_well(client, forum):
    first = client.get(reverse("api:threads"), {"page_size": 5}).json()
    second = client.get(first["next"]).json()
    back = client.get(second["previous"]).json()
    assert [row["id"] for row in back["results"]] == [row["id"] for row in first["results"]]


def test_a_withdrawn_question_s_thread_is_neither_listed_nor_shown(client, member):
    thread = make_thread(author=member)
    forum_actions.withdraw_post(post=thread.posts.get(is_question=True), by=member)
    assert thread.pk not in [row["id"] for row in client.get(reverse("api:threads")).json()["results"]]
    assert client.get(reverse("api:thread", args=[thread.pk])).status_code == 404


def test_a_thread_leaves_out_hidden_and_withdrawn_answers_except_for_their_author_and_moderators(
    client, member, moderator
):
    thread = make_thread(author=UserFactory())
    shown = make_answer(thread=thread, author=UserFactory(), body="This one is for everyone to read.")
    hidden = make_answer(thread=thread, author=member, body="Buy cheap watches at my shop today.")
    withdrawn = make_answer(thread=thread, author=UserFactory(), body="I take this one back, sorry.")
    moderation_actions.hide_post(post=hidden, by=moderator, rule="spam")
    forum_actions.withdraw_post(post=withdrawn, by=withdrawn.author)
    url = reverse("api:thread", args=[thread.pk])

    def post_ids(who) -> list[int]:
        if who is not None:
            client.force_login(who)
        else:
            client.logout()
        return [post["id"] for post in client.get(url).json()["posts"] if not post["is_question"]]

    assert post_ids(None) == [shown.pk]
    assert sorted(post_ids(member)) == sorted([shown.pk, hidden.pk])
    assert sorted(post_ids(moderator)) == sorted([shown.pk, hidden.pk, withdrawn.pk])
    body = client.get(url).json()
    assert body["posts"][0]["is_question"]


def test_the_thread_says_how_the_reader_voted(client, member):
    thread = make_thread(author=UserFactory())
    answer = make_answer(thread=thread, author=UserFactory())
    set_reputation(member, 20)
    forum_actions.cast_vote(voter=member, post=answer, value=1)
    client.force_login(member)
    posts = client.get(reverse("api:thread", args=[thread.pk])).json()["posts"]
    assert [post["viewer_vote"] for post in posts] == [None, 1]


def test_a_profile_shows_what_the_profile_page_shows(client, member):
    thread = make_thread(author=member)
    make_answer(thread=make_thread(author=UserFactory()), author=member)
    body = client.get(reverse("api:profile", args=[member.username])).json()
    assert body["username"] == member.username
    assert body["reputation"] == member.reputation
    assert [row["id"] for row in body["questions"]] == [thread.pk]
    assert len(body["answers"]) == 1
    assert "email" not in body


def test_an_inactive_member_has_no_profile(client, member):
    member.is_active = False
    member.save(update_fields=["is_active"])
    assert client.get(reverse("api:profile", args=[member.username])).status_code == 404


def test_search_finds_what_the_search_page_finds_in_its_order(client, forum):
    expected = [thread.pk for thread in search.search_threads("reset hub", sort="relevance")[:20]]
    body = client.get(reverse("api:search"), {"q": "reset hub"}).json()
    assert [row["id"] for row in body["results"]] == expected
    assert body["next"]
    rest = client.get(body["next"]).json()
    assert [row["id"] for row in rest["results"]] == [t.pk for t in search.search_threads("reset hub")[20:40]]
    assert rest["next"] is None


def test_the_queue_lists_the_overdue_thread_for_a_rep(client, forum, rep):
    client.force_login(rep)
    body = client.get(reverse("api:queue")).json()
    assert body["show"] == "all"
    assert [row["id"] for row in body["results"]] == [forum[1].pk]
    assert body["results"][0]["priority"] > 0


def test_the_dashboard_gives_the_figures_for_7_and_30_days(client, forum, lead):
    client.force_login(lead)
    body = client.get(reverse("api:dashboard")).json()
    assert [window["days"] for window in body["windows"]] == [7, 30]
    assert body["windows"][0]["overall"]["threads"] == 25
    assert body["queue"]["size"] == 1
    assert len(body["daily_first_response"]) == 30


def test_tags_are_listed_with_their_thread_counts(client, forum):
    body = client.get(reverse("api:tags")).json()
    assert {row["name"]: row["thread_count"] for row in body["results"]} == {"billing": 13, "wifi": 12}


def test_a_hidden_question_is_left_out_and_its_answers_stay(client, moderator):
    thread = make_thread(author=UserFactory())
    answer = make_answer(thread=thread, author=UserFactory())
    moderation_actions.hide_post(post=thread.posts.get(is_question=True), by=moderator, rule="spam")
    posts = client.get(reverse("api:thread", args=[thread.pk])).json()["posts"]
    assert [post["id"] for post in posts] == [answer.pk]
    client.force_login(moderator)
    posts = client.get(reverse("api:thread", args=[thread.pk])).json()["posts"]
    assert posts[0]["is_question"]
    assert posts[0]["is_hidden"]


def test_django_s_own_404_and_500_answer_json_under_the_api_and_pages_elsewhere(rf):
    from config import errors  # the site's handlers, no longer the API app's

    assert errors.server_error(rf.get("/api/v1/threads/")).status_code == 500
    assert errors.server_error(rf.get("/api/v1/threads/"))["Content-Type"] == "application/json"
    assert "server_error" in errors.server_error(rf.get("/api/v1/threads/")).content.decode()
    assert errors.server_error(rf.get("/t/1/"))["Content-Type"].startswith("text/html")
    assert errors.page_not_found(rf.get("/nothing/"), None)["Content-Type"].startswith("text/html")
    assert errors.page_not_found(rf.get("/api/v1/nothing/"), None).status_code == 404
    assert "not_found" in errors.page_not_found(rf.get("/api/v1/nothing/"), None).content.decode()


def test_the_site_s_error_handlers_live_in_config_not_in_an_app():
    from config import urls

    assert (urls.handler404, urls.handler500) == ("config.errors.page_not_found", "config.errors.server_error")
