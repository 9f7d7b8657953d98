"""The embedded database's write-ahead log, switched on once per database file.

WAL lets readers run beside a writer. The mode is stored in the file, so a connection only
needs to check it: asking for it on every connection (an `init_command`) takes a lock that
SQLite may refuse at once, without waiting out the busy timeout, when another process opens
the file at the same moment, and one request in twenty of a burst failed with "database is
locked" (tests/api/test_rate_limits_at_once.py under CI's two cores).

Even the check can be refused at once in such a burst on a loaded machine (seen once in 2,400
tests, a 500). A refusal means another connection has the file open, and the file's first
connection (migrate, the first request) set the mode long before: the check is skipped then,
and the request's own statements wait out the busy timeout as usual."""

from django.db import OperationalError


def use_write_ahead_log(sender, connection, **kwargs) -> None:
    if connection.vendor != "sqlite":
        return
    try:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode")
            (mode,) = cursor.fetchone()
            # An in-memory database answers "memory" and keeps it; only a file can change.
            if mode not in ("wal", "memory"):
                cursor.execute("PRAGMA journal_mode=WAL")
    except OperationalError as error:
        if "locked" not in str(error):
            raise
