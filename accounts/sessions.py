"""The session engine (SESSION_ENGINE = "accounts.sessions"): Django's database sessions, each
row marked with the member it is logged in as (accounts.MemberSession.account_id), as Django's
documentation shows for "extending database-backed session engines". Ending every session of
a member is then one DELETE (end_sessions_of), whichever way they logged in.

The database is the only copy. A cached copy (cached_db) lived in the cache that forgives
Redis errors, so a logout during a Redis outage deleted the row, failed to delete the copy
without a word, and the copy logged the cookie in again once Redis was back. Now a logout or
an account deletion either deletes the row or raises (the error page): never "logged out"
while the session still reads. A request costs one primary-key read of its session row."""

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore

from accounts.models import MemberSession


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


def end_sessions_of(user_id: int) -> int:
    """Delete every session logged in as the user: they are logged out everywhere at once.
    Returns how many there were. A database error propagates (and rolls back the caller's
    transaction): ending sessions never fails silently."""
    deleted, _ = MemberSession.objects.filter(account_id=user_id).delete()
    return deleted
