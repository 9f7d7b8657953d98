"""The session engine (SESSION_ENGINE = "accounts.sessions"): Django's cached database
sessions, each row marked with the member it is logged in as (accounts.MemberSession.account_id),
as Django's documentation shows for "extending database-backed session engines". Ending every
session of a member is then one DELETE (end_sessions_of), whichever way they logged in.

Cached ("cached_db"): a request reads its session from the cache (SESSION_CACHE_ALIAS, the
forgiving "pages" alias), not the database; writes go to both, so a cache that is down or
emptied costs a database read, never a session."""

from django.conf import settings
from django.contrib.sessions.backends.cached_db import KEY_PREFIX
from django.contrib.sessions.backends.cached_db import SessionStore as CachedDatabaseSessionStore
from django.core.cache import caches

from accounts.models import MemberSession


class SessionStore(CachedDatabaseSessionStore):
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
    sessions = MemberSession.objects.filter(account_id=user_id)
    cached = [KEY_PREFIX + key for key in sessions.values_list("pk", flat=True)]
    caches[settings.SESSION_CACHE_ALIAS].delete_many(cached)
    deleted, _ = sessions.delete()
    return deleted
