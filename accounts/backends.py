"""The authentication backends: Django's and allauth's, taking the member from the row the
session store read together with the session (accounts/sessions.py), so that a member's
request reads its session and its member in one query rather than two (issue 29). The
session-hash check, the fallback secrets and is_active are Django's own, unchanged
(django.contrib.auth.get_user and ModelBackend.get_user_can_authenticate run as ever)."""

from contextvars import ContextVar

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from django.contrib import auth
from django.contrib.auth import BACKEND_SESSION_KEY
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend
from django.contrib.auth.middleware import AuthenticationMiddleware as DjangoAuthenticationMiddleware
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

# The session of the request whose user is being read, for the backend's get_user(); set
# only around django.contrib.auth.get_user() (get_user below), so nothing outlives it.
_session_being_read: ContextVar = ContextVar("session being read", default=None)

# Sessions made before these classes name the ones they extend; each is renamed once, at its
# next request, rather than logged out.
RENAMED = {
    "django.contrib.auth.backends.ModelBackend": "accounts.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend": "accounts.backends.AuthenticationBackend",
}


class MemberReadWithSession:
    def get_user(self, user_id):
        session = _session_being_read.get()
        member = getattr(session, "member", None)
        if member is None or str(member.pk) != str(user_id):
            return super().get_user(user_id)  # read alone, as Django does
        return member if self.user_can_authenticate(member) else None


class ModelBackend(MemberReadWithSession, DjangoModelBackend):
    pass


class AuthenticationBackend(MemberReadWithSession, AllauthBackend):
    pass


def get_user(request: HttpRequest):
    if not hasattr(request, "_cached_user"):
        renamed = RENAMED.get(request.session.get(BACKEND_SESSION_KEY))
        if renamed:
            request.session[BACKEND_SESSION_KEY] = renamed
        token = _session_being_read.set(request.session)
        try:
            request._cached_user = auth.get_user(request)
        finally:
            _session_being_read.reset(token)
    return request._cached_user


class AuthenticationMiddleware(DjangoAuthenticationMiddleware):
    """Django's, with request.user read through get_user() above."""

    def process_request(self, request: HttpRequest) -> None:
        super().process_request(request)
        request.user = SimpleLazyObject(lambda: get_user(request))
