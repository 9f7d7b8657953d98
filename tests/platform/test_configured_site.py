"""Every absolute URL comes from the one configured site (SITE_URL, SITE_NAME), never from
the address a request happened to reach us by (issue 24): notification and digest emails,
allauth's emails and their greeting, and the API's links."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from forum.notifications import notify, send_notification_emails
from tests.factories import UserFactory, make_thread

pytestmark = pytest.mark.django_db

SITE = "https://support.brightwave.example"


@pytest.fixture
def configured_site(settings):
    settings.SITE_URL = SITE
    settings.SITE_NAME = "Brightwave Community"
    settings.ALLOWED_HOSTS = ["testserver", "127.0.0.1"]
    return SITE


def links(text: str) -> list[str]:
    return re.findall(r"https?://[^\s>\"']+", text)


def test_a_notification_email_links_to_the_configured_site(configured_site):
    member = UserFactory()
    thread = make_thread(author=member)
    [notification_id] = notify(recipient_ids=[member.pk], text="Somebody answered", url=thread.get_absolute_url())
    send_notification_emails(notification_ids=[notification_id])
    [message] = mail.outbox
    assert links(message.body) == [
        f"{SITE}{reverse('forum:open_notification', args=[notification_id])}",
        f"{SITE}/settings/",
    ]
    assert message.extra_headers["Message-ID"].endswith("@support.brightwave.example>")


def signup(client, email: str, username: str, password: str):
    data = {"email": email, "username": username, "password1": password, "password2": password}
    return client.post(reverse("account_signup"), data, HTTP_HOST="127.0.0.1:8101")


def test_allauths_confirmation_email_links_to_the_site_and_greets_with_its_name(client, configured_site, password):
    assert signup(client, "newcomer@example.com", "newcomer", password).status_code == 302
    [message] = mail.outbox
    assert message.subject.startswith("[Brightwave Community] ")
    assert message.body.startswith("Hello from Brightwave Community!")
    assert "127.0.0.1" not in message.body
    assert [link for link in links(message.body) if "/confirm-email/" in link]
    assert all(link.startswith(f"{SITE}/") for link in links(message.body)), links(message.body)
    assert "support.brightwave.example" in message.body.splitlines()[-1]  # the sign-off names the site


def test_allauths_account_already_exists_email_links_to_the_site(client, configured_site, member, password):
    assert signup(client, member.email, "somebody-else", password).status_code == 302
    [message] = mail.outbox
    assert message.body.startswith("Hello from Brightwave Community!")
    assert links(message.body)
    assert all(link.startswith(f"{SITE}/") for link in links(message.body)), links(message.body)


@pytest.mark.parametrize("known", [True, False], ids=["known address", "unknown address"])
def test_allauths_password_reset_emails_link_to_the_site(client, configured_site, member, known):
    email = member.email if known else "nobody-here@example.com"
    client.post(reverse("account_reset_password"), {"email": email}, HTTP_HOST="127.0.0.1:8101")
    [message] = mail.outbox
    assert message.body.startswith("Hello from Brightwave Community!")
    assert links(message.body)
    assert all(link.startswith(f"{SITE}/") for link in links(message.body)), links(message.body)


def test_the_apis_thread_urls_and_page_links_are_on_the_site(client, configured_site):
    author = UserFactory()
    for number in range(3):
        make_thread(author=author, title=f"Question {number} about the router lights")
    body = client.get("/api/v1/threads/?page_size=2", HTTP_HOST="127.0.0.1:8101").json()
    assert all(thread["url"].startswith(f"{SITE}/t/") for thread in body["results"])
    assert body["next"].startswith(f"{SITE}/api/v1/threads/?")
