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


# --- Every query parameter of every page that reads one ------------------------------------

HOSTILE_VALUES = {
    "a megabyte": MEGABYTE,
    "a megabyte of digits": "9" * 1_000_000,
    "a NUL byte": "wi%00fi",
    "invalid UTF-8": "%ff%fe",
    "an overlong UTF-8 slash": "%c0%af",
    "a bidi override": "%E2%80%AEwifi",
    "markup": "%3Cscript%3E",
    "SQL and search operators": "%27%22%5C%25_%26%7C%21%28%29%3A%2A",
    "a bad percent-encoding": "%zz%",
    "a huge number": "9" * 30,
    "one past the largest bigint": "9223372036854775808",
    "a negative number": "-1",
    "a huge negative number": "-" + "9" * 30,
    "a fraction": "1.5",
    "an exponent": "1e9",
    "not a number": "NaN",
    "not an id": "abc",
    "empty": "",
}

# (who asks, the page, the query parameters it reads). /dashboard/ reads none: the ones
# sent there must be ignored.
FILTERED_PAGES = [
    ("anonymous", "/search/", ["q", "tag", "sort", "page"]),
    ("anonymous", "/", ["tab", "tag", "page"]),
    ("anonymous", "/tags/", ["page"]),
    ("anonymous", "/moderation/log/", ["action", "moderator", "page"]),
    ("moderator", "/moderation/", ["reason", "tag"]),
    ("rep", "/official/", ["tag", "show", "mine"]),
    ("lead", "/dashboard/", ["days", "tag"]),
    ("lead", "/notifications/", ["page"]),
    ("lead", "/team/log/", ["page"]),
    ("lead", "/team/tags/", ["page"]),
    ("anonymous", "/tag-suggestions/", ["tags"]),
    ("anonymous", "/ask/similar/", ["title"]),
]
GROUPS = {"anonymous": None, "moderator": "Moderators", "rep": "Reps", "lead": "Leads"}

# The pages that refuse a value rather than ignore it, and what their message says.
REFUSALS = {
    ("/search/", "q"): "at most 200 characters",
    ("/search/", "tag"): "A tag is",
    ("/search/", "sort"): "Sort by relevance or date",
    ("/", "tag"): "The tag filter must be a tag's slug",
    ("/moderation/log/", "action"): "Action: Select a valid choice",
    ("/moderation/log/", "moderator"): "Moderator: Ensure this value has at most 150 characters",
    ("/moderation/", "reason"): "Reason: Select a valid choice",
    ("/moderation/", "tag"): "Showing everything instead",  # after the slug's or the length's message
    ("/tag-suggestions/", "tags"): "the tags box holds at most 200 characters",
}


class UnclearRefusal(AssertionError):
    """A 4xx that does not say what was wrong (a 500 fails as a plain AssertionError)."""


def page_parameters():
    for role, path, parameters in FILTERED_PAGES:
        for parameter in parameters:
            yield pytest.param(role, path, parameter, id=f"{role} {path}?{parameter}=")


@pytest.mark.parametrize(("role", "path", "parameter"), list(page_parameters()))
def test_every_query_parameter_takes_hostile_values_without_a_500(client, role, path, parameter):
    """Each hostile value alone, then after an ordinary one: 200, or a 4xx whose message says
    what was wrong; never a 500."""
    make_thread(author=UserFactory(), tags=["wifi"])
    if GROUPS[role]:
        client.force_login(UserFactory(groups=[GROUPS[role]]))
    assert client.get(path).status_code == 200  # the role may read the page at all
    client.raise_request_exception = False  # a 500 is reported below with the others
    failed, unclear = {}, {}
    for name, value in HOSTILE_VALUES.items():
        # The last of a repeated parameter is the one a view reads.
        for query in (f"{parameter}={value}", f"q=router&{parameter}=wifi&{parameter}={value}"):
            response = client.get(f"{path}?{query}")
            where = f"{name}: ?{query[:60]}"
            reason = "NUL character" if "%00" in value else REFUSALS.get((path, parameter))
            if response.status_code >= 500 or response.status_code < 200:
                failed[where] = response.status_code
            elif response.status_code != 200 and not (reason and reason in response.content.decode()):
                unclear[where] = response.status_code
    assert failed == {}
    if unclear:
        raise UnclearRefusal(f"refused without saying why: {unclear}")
