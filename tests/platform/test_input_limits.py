"""Hostile query values and paths (a NUL byte, a megabyte, characters no name can hold)
get a 4xx on every database, never a 500; ordinary values keep working."""

import pytest

from tests.factories import UserFactory, make_thread

pytestmark = pytest.mark.django_db

MEGABYTE = "a" * 1_000_000


@pytest.mark.parametrize(
    "url",
    [
        "/?tag=wi%00fi",
        "/?ta%00g=wifi",
        "/tag-suggestions/?tags=wi%00",
        "/ask/similar/?title=How%00do%00I%00reset%00my%00router",
        "/u/ab%00c/",
    ],
)
def test_a_nul_byte_in_the_path_or_the_query_is_a_400_that_says_why(client, url):
    response = client.get(url)
    assert response.status_code == 400
    assert b"NUL" in response.content


def test_a_nul_byte_in_a_cookie_is_a_400_rather_than_a_session_lookup(client):
    # http.cookies reads the octal escape \000 inside a quoted value as a NUL character.
    response = client.get("/", HTTP_COOKIE='sessionid="abcdefghij\\000k"')
    assert response.status_code == 400
    assert b"NUL" in response.content


@pytest.mark.parametrize(
    "tag",
    ["a" * 51, pytest.param(MEGABYTE, id="a megabyte"), "wi%20fi", "wi%2Ffi", "%3Cscript%3E"],
)
def test_a_tag_filter_that_is_no_tag_slug_is_a_400(client, tag):
    response = client.get(f"/?tag={tag}")
    assert response.status_code == 400
    assert b"tag" in response.content


def test_the_tag_filter_still_lists_the_threads_with_that_tag(client):
    author = UserFactory()
    wifi = make_thread(author=author, title="The Wi-Fi drops every evening", tags=["wifi"])
    make_thread(author=author, title="The bill arrived twice this month", tags=["billing"])
    assert list(client.get("/?tag=wifi").context["page"]) == [wifi]
    unknown = client.get("/?tag=no-such-tag")
    assert unknown.status_code == 200
    assert list(unknown.context["page"]) == []


@pytest.mark.parametrize("tags", ["a" * 201, pytest.param(MEGABYTE, id="a megabyte"), "wifi+" * 41])
def test_tag_suggestions_for_more_than_the_tags_box_holds_are_a_400(client, tags):
    response = client.get(f"/tag-suggestions/?tags={tags}")
    assert response.status_code == 400
    assert b"200" in response.content


def test_tag_suggestions_never_look_up_a_word_longer_than_any_tag(client, django_assert_num_queries):
    make_thread(author=UserFactory(), tags=["wifi"])
    with django_assert_num_queries(0):
        response = client.get(f"/tag-suggestions/?tags=wi{'f' * 31}")
    assert response.status_code == 200
    assert list(response.context["matches"]) == []


def test_tag_suggestions_still_offer_the_tags_starting_with_the_last_word(client):
    make_thread(author=UserFactory(), tags=["wifi", "billing"])
    response = client.get("/tag-suggestions/?tags=billing,wi")
    assert response.status_code == 200
    assert [tag.name for tag in response.context["matches"]] == ["wifi"]


@pytest.mark.parametrize(
    "title", ["a" * 151, pytest.param("router+" * 150_000, id="a megabyte of words"), "%FF%FE" * 1000]
)
def test_similar_threads_for_an_oversized_or_undecodable_title_never_fail(client, title):
    make_thread(author=UserFactory(), title="How do I reset my router at home?")
    response = client.get(f"/ask/similar/?title={title}")
    assert response.status_code == 200


def test_similar_threads_still_find_a_thread_with_the_same_words(client):
    thread = make_thread(author=UserFactory(), title="How do I reset my router at home?")
    response = client.get("/ask/similar/?title=reset+the+router")
    assert list(response.context["threads"]) == [thread]


@pytest.mark.parametrize(
    "username", ["a" * 151, pytest.param(MEGABYTE, id="a megabyte"), "two%20words", "semi%3Bcolon", "%F0%9F%98%80"]
)
def test_a_profile_address_no_username_can_have_is_a_404_without_a_query(client, username, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get(f"/u/{username}/")
    assert response.status_code == 404


def test_a_profile_with_every_character_a_username_may_hold_still_opens(client):
    person = UserFactory(username=f"ada.l@b+c-d_{'e' * 138}", display_name="Ada")
    assert len(person.username) == 150
    response = client.get(person.get_absolute_url())
    assert response.status_code == 200
    assert response.context["person"] == person
