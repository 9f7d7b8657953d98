"""A NUL character (which PostgreSQL refuses in text) and other characters we never give reach
no query: wherever it hides (a cursor's base64, a token, the address, a body), the answer is a
404 or a 400 in the API's error shape, never a 500. Run on SQLite and on PostgreSQL."""

import base64

import pytest
from django.test import Client
from django.urls import reverse

from tests.api.conftest import error_of

pytestmark = pytest.mark.django_db


def cursor(position: str) -> str:
    """A cursor as DRF writes one, around a position we never gave."""
    return base64.b64encode(f"p={position}".encode()).decode()


def test_the_cursor_of_the_finding_is_a_404_on_postgresql(postgresql, api, thread):
    response = api.get(reverse("api:tags"), {"cursor": "cD1hJTAwYg=="})  # p=a%00b
    assert error_of(response, 404)["message"] == "Invalid cursor"


@pytest.mark.parametrize("position", ["a%00b", "%00", "a%0Ab", "a%1Fb", "a%7Fb", "a%C2%85b"])
@pytest.mark.parametrize("url_name", ["api:tags", "api:threads"])
def test_a_cursor_holding_a_nul_or_a_control_character_is_a_404(api, thread, url_name, position):
    response = api.get(reverse(url_name), {"cursor": cursor(position)})
    assert error_of(response, 404)["code"] == "not_found"


@pytest.mark.parametrize("token", ["hc_\x00\x00\x00\x00_secret", "hc_abcd\x00123_secret", "hc_\x00", "hc_ABCDEF12_x"])
def test_a_token_holding_a_nul_or_a_prefix_we_never_make_is_a_401(thread, token):
    response = Client(headers={"Authorization": f"Bearer {token}"}).get(reverse("api:threads"))
    assert error_of(response, 401)["code"] == "authentication_failed"


@pytest.mark.parametrize(
    "query", ["tag=a%00b", "cursor=a%00b", "q=a%00b", "tab=%00", "page_size=1%00", "show=%00", "a%00=1"]
)
@pytest.mark.parametrize("url_name", ["api:threads", "api:search", "api:queue", "api:tags"])
def test_a_nul_in_the_query_string_is_a_400_in_the_api_s_shape(api, url_name, query):
    response = api.get(f"{reverse(url_name)}?{query}")
    assert error_of(response, 400)["code"] == "invalid"


def test_a_nul_in_the_address_is_a_400_in_the_api_s_shape(api):
    assert error_of(api.get("/api/v1/users/a%00b/"), 400)["code"] == "invalid"


def test_the_pages_keep_their_plain_text_400_for_a_nul(client):
    response = client.get("/search/?q=a%00b")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/plain")


@pytest.mark.parametrize(
    ("url_name", "body"),
    [
        ("api:threads", {"title": "Hub drops\x00 every night", "body": "x" * 20, "tags": "wifi"}),
        ("api:threads", {"title": "Hub drops every night", "body": "Every night\x00 it drops.", "tags": "wifi"}),
        ("api:threads", {"title": "Hub drops every night", "body": "Every night it drops.", "tags": ["wi\x00fi"]}),
        ("api:answer", {"body": "Hold the reset\x00 button for ten seconds."}),
        ("api:dismiss", {"reason": "Not a\x00 product question."}),
    ],
)
def test_a_nul_in_a_json_body_is_a_400_naming_its_field(api, thread, url_name, body):
    url = reverse(url_name) if url_name == "api:threads" else reverse(url_name, args=[thread.pk])
    response = api.post(url, body, content_type="application/json")
    if url_name == "api:dismiss":  # a member may not dismiss: refused before the body is read
        assert response.status_code == 403
        return
    error = error_of(response, 400)
    assert error["code"] == "invalid"
    assert error["fields"]


def test_a_nul_in_a_flag_note_or_a_vote_is_a_400(api, thread, member):
    from tests.factories import set_reputation

    set_reputation(member, 50)
    question = thread.posts.get(is_question=True)
    vote = api.post(reverse("api:vote", args=[question.pk]), {"value": "up\x00"}, content_type="application/json")
    assert error_of(vote, 400)["fields"] == {"value": ["value must be up, down or none"]}
    flag = api.post(
        reverse("api:flag", args=[question.pk]), {"reason": "other", "note": "a\x00b"}, content_type="application/json"
    )
    assert error_of(flag, 400)["fields"]["note"]
