"""Nobody learns from our forms whether an email has an account, and no `next=` leaves the site."""

import pytest
from django.core import mail
from django.urls import reverse

pytestmark = pytest.mark.django_db

UNKNOWN = "nobody-here@example.com"


def form_errors(response) -> dict:
    return {field: list(errors) for field, errors in response.context["form"].errors.items()}


def test_login_answers_a_known_and_an_unknown_email_identically(client, member):
    known = client.post(reverse("account_login"), {"login": member.email, "password": "wrong-password-1"})
    unknown = client.post(reverse("account_login"), {"login": UNKNOWN, "password": "wrong-password-1"})
    assert known.status_code == unknown.status_code == 200
    assert form_errors(known) == form_errors(unknown)
    assert form_errors(known)  # and both did refuse


def test_signup_answers_a_known_and_an_unknown_email_identically(client, member, password):
    def sign_up(email, username):
        data = {"email": email, "username": username, "password1": password, "password2": password}
        return client.post(reverse("account_signup"), data)

    known = sign_up(member.email, "somebody1")
    unknown = sign_up(UNKNOWN, "somebody2")
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    # Each address gets one email: "confirm" for the new one, "you already have an account"
    # for the known one, so only the owner of the inbox learns anything.
    assert [message.to for message in mail.outbox] == [[member.email], [UNKNOWN]]


def test_password_reset_answers_a_known_and_an_unknown_email_identically(client, member):
    known = client.post(reverse("account_reset_password"), {"email": member.email})
    unknown = client.post(reverse("account_reset_password"), {"email": UNKNOWN})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]


HOSTILE_NEXTS = [
    "//evil.example",
    "/\\evil.example",
    "https:evil.example",
    "javascript:alert(1)",
    "https://evil.example/",
]


@pytest.mark.parametrize("next_url", HOSTILE_NEXTS)
def test_login_never_redirects_off_the_site(client, member, password, next_url):
    response = client.post(reverse("account_login"), {"login": member.email, "password": password, "next": next_url})
    assert response.status_code == 302
    assert response["Location"] == "/"


@pytest.mark.parametrize("next_url", HOSTILE_NEXTS)
def test_logout_never_redirects_off_the_site(client, member, next_url):
    client.force_login(member)
    response = client.post(reverse("account_logout"), {"next": next_url})
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_a_next_on_the_site_is_followed(client, member, password):
    response = client.post(
        reverse("account_login"), {"login": member.email, "password": password, "next": "/notifications/"}
    )
    assert response["Location"] == "/notifications/"
