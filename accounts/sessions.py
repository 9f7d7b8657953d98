"""The session engine (SESSION_ENGINE = "accounts.sessions"): Django's database sessions, each
row marked with the member it is logged in as (accounts.MemberSession.account_id), as Django's
documentation shows for "extending database-backed session engines". Ending every session of
a member is then one DELETE (end_sessions_of), whichever way they logged in: on deleting the
account, and on a new password (every other session).

The database is the only copy. A cached copy (cached_db) lived in the cache that forgives
Redis errors, so a logout during a Redis outage deleted the row, failed to delete the copy
without a word, and the copy logged the cookie in again once Redis was back. Now a logout or
an account deletion either deletes the row or raises (the error page): never "logged out"
while the session still reads. A request costs one primary-key read of its session row."""

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.http import HttpRequest

from accounts.models import MemberSession, User


class SessionStore(DatabaseSessionStore):
    @classmethod
    def get_model_class(cls):
        return MemberSession

    def create_model_instance(self, data):
        session = super().create_model_instance(data)
        try:
            session.account_id = int(data.get("_auth_user_id"))
        except (TypeError, ValueError):
            session.account_id = None
        return session


def end_sessions_of(user_id: int, *, keep: str | None = None) -> int:
    """Delete every session logged in as the user but `keep` (the session key of the request
    that asked, if it is to stay): they are logged out everywhere at once. Returns how many
    there were. A database error propagates (and rolls back the caller's transaction):
    ending sessions never fails silently."""
    sessions = MemberSession.objects.filter(account_id=user_id)
    if keep:
        sessions = sessions.exclude(session_key=keep)
    deleted, _ = sessions.delete()
    return deleted


def end_other_sessions(*, request: HttpRequest, user: User, **kwargs) -> None:
    """Receiver of allauth's password_changed, password_set and password_reset: a new
    password logs the member out everywhere else at once (Django's session hash would only
    refuse each other session at its next request, and leave its row). The browser that
    changed it stays logged in."""
    end_sessions_of(user.pk, keep=request.session.session_key if user == request.user else None)
