"""Login limits hold for the admin and behind the proxy (security review, issue 8)."""

import pytest
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse

from config.client_ip import ShortForwardedForMiddleware, client_ip
from tests.factories import UserFactory, make_thread

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


def test_an_attacker_who_forges_the_left_hand_address_on_every_attempt_is_still_one_client(settings, password):
    """With one trusted proxy, the right-most entry (the proxy appended it) is the client,
    whatever the client wrote to its left: a new address every time escapes no limit."""
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    # Wrong passwords spread over four accounts stay under allauth's per-account limit (5),
    # so only its per-address one (10 failures) can stop the attacker.
    targets = [UserFactory() for _ in range(4)]
    for n in range(10):
        log_in(behind_proxy(f"1.2.3.{n}, 198.51.100.9"), targets[n % 4].email, "not-the-password")
    attacker = behind_proxy("1.2.3.99, 198.51.100.9")
    response = log_in(attacker, UserFactory().email, password)
    assert "_auth_user_id" not in attacker.session
    assert "Too many failed login attempts" in response.content.decode()
    other = behind_proxy("1.2.3.1, 203.0.113.50")  # even beside the attacker's forged addresses
    log_in(other, UserFactory().email, password)
    assert "_auth_user_id" in other.session


def test_an_x_forwarded_for_shorter_than_the_proxy_chain_counts_as_the_proxys_address(settings, password):
    """Fewer entries than trusted hops: the request did not come through our whole chain,
    so its header is ignored and the socket's address (the proxy's) is the client's, on
    the login page (allauth) as on a thread page (our view counting): never a 500."""
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 2
    thread = make_thread(author=UserFactory())
    assert behind_proxy("198.51.100.9").get(thread.get_absolute_url()).status_code == 200
    # Each request claims another single address; all of them share the proxy's bucket.
    for n in range(10):
        response = log_in(behind_proxy(f"203.0.113.{n}"), UserFactory().email, "not-the-password")
        assert response.status_code == 200
    short = behind_proxy("203.0.113.99")
    log_in(short, UserFactory().email, password)
    assert "_auth_user_id" not in short.session
    through_the_chain = behind_proxy("198.51.100.9, 10.0.0.2")
    log_in(through_the_chain, UserFactory().email, password)
    assert "_auth_user_id" in through_the_chain.session


def test_an_x_forwarded_for_entry_that_is_no_address_is_a_403(settings):
    # Only a proxy that appends nothing lets a client write the right-most entry itself.
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    response = log_in(behind_proxy("198.51.100.9, not-an-address"), UserFactory().email, "not-the-password")
    assert response.status_code == 403


def test_the_middleware_drops_only_a_header_shorter_than_the_chain(settings, rf):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 2
    seen = []
    middleware = ShortForwardedForMiddleware(lambda request: seen.append(client_ip(request)) or HttpResponse())
    for forwarded_for in ("198.51.100.9", "198.51.100.9, 10.0.0.2", "1.2.3.4, 198.51.100.9, 10.0.0.2"):
        middleware(rf.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded_for))
    assert seen == [PROXY, "198.51.100.9", "198.51.100.9"]
