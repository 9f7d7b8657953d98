"""Sign up, confirm, log in, log out and reset a password through allauth's real views."""

import re

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-fresh-password-nobody-guesses"


def link_in_last_email(pattern: str) -> str:
    body = mail.outbox[-1].body
    # On the configured site (SITE_URL), not on the host the request came in by (issue 24).
    match = re.search(rf"{re.escape(settings.SITE_URL)}(/accounts/{pattern}[^\s]*)", body)
    assert match, f"no link matching {pattern!r} in:\n{body}"
    return match.group(1)


def sign_up(client, *, email: str, username: str, password: str):
    return client.post(
        reverse("account_signup"),
        {"email": email, "username": username, "password1": password, "password2": password},
    )


def test_a_new_member_signs_up_confirms_logs_in_and_logs_out(client, password):
    response = sign_up(client, email="new@example.com", username="newbie", password=password)
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["new@example.com"]

    # Unconfirmed: logging in only sends the member back to confirm.
    response = client.post(reverse("account_login"), {"login": "new@example.com", "password": password})
    assert "_auth_user_id" not in client.session

    confirm_url = link_in_last_email("confirm-email/")
    assert client.get(confirm_url).status_code == 200
    response = client.post(confirm_url)
    assert response.status_code == 302

    response = client.post(reverse("account_login"), {"login": "new@example.com", "password": password})
    assert response.status_code == 302
    assert response["Location"] == "/"
    user = get_user_model().objects.get(username="newbie")
    assert client.session["_auth_user_id"] == str(user.pk)
    assert "newbie" in client.get("/").content.decode()

    response = client.post(reverse("account_logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_a_member_resets_a_forgotten_password(client, member):
    response = client.post(reverse("account_reset_password"), {"email": member.email})
    assert response.status_code == 302
    assert response["Location"] == reverse("account_reset_password_done")

    reset_url = link_in_last_email("password/reset/key/")
    response = client.get(reset_url)  # allauth moves the key into the session, then redirects
    assert response.status_code == 302
    form_url = response["Location"]
    response = client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("account_reset_password_from_key_done")

    member.refresh_from_db()
    assert member.check_password(NEW_PASSWORD)
    response = client.post(reverse("account_login"), {"login": member.email, "password": NEW_PASSWORD})
    assert client.session["_auth_user_id"] == str(member.pk)


def test_a_bad_signup_keeps_what_was_typed_and_says_what_is_wrong(client):
    response = sign_up(client, email="someone@example.com", username="someone", password="short")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="someone@example.com"' in html
    assert 'value="someone"' in html
    assert "too short" in html
