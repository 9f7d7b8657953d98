"""The session engine (SESSION_ENGINE = "accounts.sessions"): Django's database sessions,
each row marked with the member it is logged in as (accounts.MemberSession.account_id), as
Django's documentation shows for "extending database-backed session engines". Ending every
session of a member is then one DELETE (end_sessions_of), whichever way they logged in."""

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
    Returns how many there were."""
    deleted, _ = MemberSession.objects.filter(account_id=user_id).delete()
    return deleted
