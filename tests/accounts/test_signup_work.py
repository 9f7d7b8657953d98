"""Signing up costs the same whether the address has an account or not (issue 24): a taken
address answered in 60-200 ms and a free one in 600-970 ms, because only the free path
hashed the password. Timing is not asserted here (the machine is shared); the work is: each
path hashes the password once and sends one email. `python -m bench.signup_timing` measures
the time."""

import pytest
from django.contrib.auth.hashers import MD5PasswordHasher
from django.core import mail
from django.urls import reverse

pytestmark = pytest.mark.django_db


class CountingHasher(MD5PasswordHasher):
    """The tests' fast hasher, counting the passwords it hashes."""

    hashed = 0

    def encode(self, password, salt):
        CountingHasher.hashed += 1
        return super().encode(password, salt)


@pytest.fixture
def counting_hasher(settings):
    settings.PASSWORD_HASHERS = ["tests.accounts.test_signup_work.CountingHasher"]
    CountingHasher.hashed = 0
    return CountingHasher


def work_of_signing_up(client, counting_hasher, email: str, username: str, password: str) -> dict:
    counting_hasher.hashed, mail.outbox = 0, []
    data = {"email": email, "username": username, "password1": password, "password2": password}
    response = client.post(reverse("account_signup"), data)
    return {
        "status": response.status_code,
        "location": response["Location"],
        "passwords_hashed": counting_hasher.hashed,
        "emails_sent": len(mail.outbox),
    }


def test_signing_up_with_a_taken_or_a_free_address_does_the_same_work(client, member, password, counting_hasher):
    taken = work_of_signing_up(client, counting_hasher, member.email, "somebody-new", password)
    free = work_of_signing_up(client, counting_hasher, "free-address@example.com", "somebody-else", password)
    assert free == {
        "status": 302,
        "location": reverse("account_email_verification_sent"),
        "passwords_hashed": 1,
        "emails_sent": 1,
    }
    assert taken == free
