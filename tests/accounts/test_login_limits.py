"""Login limits hold for the admin and behind the proxy (security review, issue 8)."""

import pytest
from django.test import Client
from django.urls import reverse

from config.client_ip import client_ip
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.1"  # the TLS-terminating proxy: every request reaches Django from it


def log_in(client: Client, email: str, password: str):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def test_the_admin_login_form_is_allauths_login_with_its_limits(client, password):
    admin = UserFactory(is_staff=True, is_superuser=True)
    response = client.post("/admin/login/", {"username": admin.username, "password": password})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert "_auth_user_id" not in client.session  # the admin's own form never checks a password


def test_forty_wrong_admin_passwords_lock_the_account_before_the_right_one(client, password):
    admin = UserFactory(is_staff=True, is_superuser=True)
    statuses = {log_in(client, admin.email, "wrong-password").status_code for _ in range(40)}
    assert 429 in statuses
    log_in(client, admin.email, password)
    assert "_auth_user_id" not in client.session


def test_a_staff_member_reaches_the_admin_after_logging_in_through_allauth(client, password):
    admin = UserFactory(is_staff=True, is_superuser=True)
    log_in(client, admin.email, password)
    assert client.get("/admin/").status_code == 200
    member = UserFactory()
    client.force_login(member)
    assert client.get("/admin/login/").status_code == 403


def behind_proxy(forwarded_for: str) -> Client:
    return Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded_for, HTTP_X_FORWARDED_PROTO="https")


@pytest.mark.parametrize(("hops", "other_client_logs_in"), [(1, True), (0, False)])
def test_behind_the_proxy_one_clients_failures_do_not_lock_out_another(settings, password, hops, other_client_logs_in):
    """With the proxy trusted (BEHIND_PROXY=1: one hop) each client has its own bucket;
    without it, every client shares the proxy's, which is what the review saw."""
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = hops
    victim, bystander = UserFactory(), UserFactory()
    attacker = behind_proxy("203.0.113.7")
    for _ in range(12):
        log_in(attacker, victim.email, "not-the-password")
    other = behind_proxy("198.51.100.9")
    log_in(other, bystander.email, password)
    assert ("_auth_user_id" in other.session) is other_client_logs_in


def test_the_client_address_is_read_from_the_right_of_x_forwarded_for(settings, rf):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    # A client may put anything on the left; our proxy appends what it saw on the right.
    request = rf.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.9")
    assert client_ip(request) == "198.51.100.9"
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 2
    assert client_ip(request) == "1.2.3.4"
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    assert client_ip(request) == PROXY
