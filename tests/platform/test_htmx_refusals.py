"""config/htmx_refusals.py: whatever refuses an htmx request (a permission check, a stale
form, an ended session, a missing object, a crash) answers its status with one plain
sentence, never a page; normal requests keep their pages."""

import pytest
from django.test import Client
from django.urls import reverse

from config.htmx_refusals import SERVER_ERROR_MESSAGE, STATUS_MESSAGES
from forum import actions
from tests.factories import UserFactory, make_answer, make_thread, set_reputation

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}
PLAIN = "text/plain; charset=utf-8"


@pytest.fixture
def answer(db):
    return make_answer(thread=make_thread(author=UserFactory()), author=UserFactory())


def test_a_crash_in_an_htmx_action_answers_500_with_a_sentence_not_the_error_page(client, answer, monkeypatch):
    def crash(**kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(actions, "cast_vote", crash)
    client.raise_request_exception = False
    voter = UserFactory()
    set_reputation(voter, 1000)
    client.force_login(voter)
    response = client.post(reverse("forum:vote", args=[answer.pk]), {"value": "up"}, headers=HTMX)
    assert response.status_code == 500
    assert response["Content-Type"] == PLAIN
    assert response.content.decode() == SERVER_ERROR_MESSAGE
    assert "database" not in response.content.decode()

    page = client.post(reverse("forum:vote", args=[answer.pk]), {"value": "up"})
    assert page.status_code == 500
    assert page["Content-Type"].startswith("text/html")


def test_a_missing_post_answers_404_with_a_sentence(client):
    client.force_login(UserFactory())
    response = client.post(reverse("forum:vote", args=[999_999]), {"value": "up"}, headers=HTMX)
    assert (response.status_code, response["Content-Type"]) == (404, PLAIN)
    assert response.content.decode() == STATUS_MESSAGES[404]


def test_a_stale_form_answers_403_with_a_sentence(answer):
    client = Client(enforce_csrf_checks=True)
    client.force_login(UserFactory())
    response = client.post(reverse("forum:vote", args=[answer.pk]), {"value": "up"}, headers=HTMX)
    assert (response.status_code, response["Content-Type"]) == (403, PLAIN)
    assert response.content.decode() == STATUS_MESSAGES[403]


def test_an_ended_session_answers_401_instead_of_swapping_in_the_login_page(client, answer):
    response = client.post(reverse("forum:vote", args=[answer.pk]), {"value": "up"}, headers=HTMX)
    assert (response.status_code, response["Content-Type"]) == (401, PLAIN)
    assert response.content.decode() == STATUS_MESSAGES[401]
    assert client.post(reverse("forum:vote", args=[answer.pk]), {"value": "up"}).status_code == 302


def test_a_short_plain_reason_of_a_view_is_kept_as_it_is(client, answer):
    client.force_login(UserFactory())
    response = client.post(reverse("forum:vote", args=[answer.pk]), {"value": "sideways"}, headers=HTMX)
    assert (response.status_code, response["Content-Type"]) == (400, PLAIN)
    assert response.content.decode() == "value must be up, down or none"


def test_a_wrong_method_keeps_its_allow_header(client, answer):
    client.force_login(UserFactory())
    response = client.get(reverse("forum:vote", args=[answer.pk]), headers=HTMX)
    assert (response.status_code, response["Content-Type"]) == (405, PLAIN)
    assert response["Allow"] == "POST"


def test_successful_htmx_answers_and_normal_pages_pass_untouched(client, answer):
    client.force_login(UserFactory())
    response = client.get(answer.thread.get_absolute_url(), headers=HTMX)
    assert response.status_code == 200
    assert "<html" in response.content.decode()
    assert client.get("/no-such-page/").status_code == 404
    assert client.get("/no-such-page/")["Content-Type"].startswith("text/html")
