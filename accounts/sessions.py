"""The session engine (SESSION_ENGINE = "accounts.sessions"): Django's database sessions, each
row marked with the member it is logged in as (accounts.MemberSession.account_id), as Django's
documentation shows for "extending database-backed session engines". Ending every session of
a member is then one DELETE (end_sessions_of), whichever way they logged in: on deleting the
account, and on a new password (every other session).

The database is the only copy. A cached copy (cached_db) lived in the cache that forgives
Redis errors, so a logout during a Redis outage deleted the row, failed to delete the copy
without a word, and the copy logged the cookie in again once Redis was back. Now a logout or
an account deletion either deletes the row or raises (the error page): never "logged out"
while the session still reads.

A request costs one primary-key read of its session row, which reads the member's row with
it (a LEFT JOIN on account_id): accounts/backends.py gives that member to Django's
get_user(), whose session-hash check then runs as ever, so a member's request costs one
query where it cost two (issue 29)."""

from functools import cache

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.db import connection
from django.http import HttpRequest
from django.utils import timezone

from accounts.models import MemberSession, User


@cache
def _session_with_member_sql() -> str:
    """The one query, written once per process from the models' own tables and columns."""
    quote = connection.ops.quote_name
    member_columns = ", ".join(f"m.{quote(field.column)}" for field in User._meta.concrete_fields)
    return (
        f"SELECT s.{quote('session_data')} AS session_data_read, {member_columns} "
        f"FROM {quote(MemberSession._meta.db_table)} s "
        f"LEFT JOIN {quote(User._meta.db_table)} m ON m.{quote('id')} = s.{quote('account_id')} "
        f"WHERE s.{quote('session_key')} = %s AND s.{quote('expire_date')} > %s"
    )


class SessionStore(DatabaseSessionStore):
    member: User | None = None  # read with the session, when it is logged in

    @classmethod
    def get_model_class(cls):
        return MemberSession

    def load(self):
        """Django's load(), in one query with the member (see the module's docstring): the
        member's row comes through User.objects.raw(), so its fields are converted as any
        read converts them (SQLite's datetimes, say)."""
        self.member = None
        rows = list(User.objects.raw(_session_with_member_sql(), [self.session_key, timezone.now()]))
        if not rows:
            self._session_key = None
            return {}
        if rows[0].pk is not None:
            self.member = rows[0]
        return self.decode(rows[0].session_data_read)

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
