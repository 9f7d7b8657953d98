"""A member's request reads its session and its member in one query (accounts/sessions.py,
accounts/backends.py; issue 29), and every check Django makes of a session still holds:
the session hash after a new password, an inactive member, a member deleted, a session
expired, and sessions made before the backends were renamed."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django.utils import timezone

from accounts.backends import AuthenticationMiddleware
from accounts.models import MemberSession
from accounts.sessions import SessionStore
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def session_of(user, *, backend: str | None = None) -> str:
    """A logged-in session, made the way django.contrib.auth.login makes one."""
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = backend or settings.AUTHENTICATION_BACKENDS[0]
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.save()
    return store.session_key


def user_of_request(session_key: str):
    """What the middleware makes of a request carrying the session's cookie."""
    request = RequestFactory().get("/")
    request.session = SessionStore(session_key)
    AuthenticationMiddleware(lambda request: None).process_request(request)
    return request.user._wrapped if request.user.is_authenticated else AnonymousUser()


def test_a_member_s_session_and_member_are_read_in_one_query(django_assert_num_queries):
    member = UserFactory()
    key = session_of(member)
    with django_assert_num_queries(1):
        user = user_of_request(key)
    assert user.pk == member.pk
    assert user.username == member.username
    assert user.date_joined == member.date_joined  # converted as any read converts it


def test_a_visitor_s_request_reads_nothing(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert isinstance(user_of_request(None), AnonymousUser)


def test_a_new_password_ends_the_session_as_django_s_hash_check_does():
    member = UserFactory()
    key = session_of(member)
    member.set_password("a brand new passphrase 42")
    member.save()
    assert isinstance(user_of_request(key), AnonymousUser)


def test_an_inactive_member_s_session_is_a_visitor_s():
    member = UserFactory()
    key = session_of(member)
    member.is_active = False
    member.save()
    assert isinstance(user_of_request(key), AnonymousUser)


def test_a_session_of_a_deleted_member_is_a_visitor_s():
    member = UserFactory()
    key = session_of(member)
    MemberSession.objects.filter(session_key=key).update(account_id=None)  # as if the row had gone
    member.delete()
    assert isinstance(user_of_request(key), AnonymousUser)


def test_an_expired_session_is_a_visitor_s():
    member = UserFactory()
    key = session_of(member)
    MemberSession.objects.filter(session_key=key).update(expire_date=timezone.now() - timedelta(seconds=1))
    assert isinstance(user_of_request(key), AnonymousUser)


def test_a_session_whose_row_names_another_member_reads_the_session_s_own():
    """The member read with the row is used only when it is the session's own member."""
    member, other = UserFactory(), UserFactory()
    key = session_of(member)
    MemberSession.objects.filter(session_key=key).update(account_id=other.pk)
    assert user_of_request(key).pk == member.pk


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("django.contrib.auth.backends.ModelBackend", "accounts.backends.ModelBackend"),
        ("allauth.account.auth_backends.AuthenticationBackend", "accounts.backends.AuthenticationBackend"),
    ],
)
def test_a_session_made_before_the_backends_were_renamed_stays_logged_in(old, new):
    member = UserFactory()
    key = session_of(member, backend=old)
    request = RequestFactory().get("/")
    request.session = SessionStore(key)
    AuthenticationMiddleware(lambda request: None).process_request(request)
    assert request.user.pk == member.pk
    assert request.session[BACKEND_SESSION_KEY] == new
