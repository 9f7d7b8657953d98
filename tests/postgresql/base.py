"""Django's PostgreSQL backend for the test suite (config/test_settings.py), with one change:
the flush after a transactional test (transaction=True, live_server: the browser tests, the
workers', the migrations') deletes the rows of the tables that have any, where Django
truncates every table.

TRUNCATE gives each of the 60-odd tables, and each of their indexes, a new file whether it
held a row or not: about 0.5 s a flush, more on a busy disk, against a few hundredths for
deleting the dozen tables a test filled. The tables end empty either way, and sequences go
on as after Django's own flush (which resets them only for reset_sequences, passed on here)."""

from django.db.backends.postgresql import base, operations


class DatabaseOperations(operations.DatabaseOperations):
    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        if reset_sequences or not tables:
            return super().sql_flush(style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade)
        filled = " UNION ALL ".join(f"SELECT %s WHERE EXISTS (SELECT FROM {self.quote_name(name)})" for name in tables)
        with self.connection.cursor() as cursor:
            cursor.execute(filled, list(tables))
            names = [row[0] for row in cursor.fetchall()]
        # Django makes every foreign key DEFERRABLE INITIALLY DEFERRED, so the order of the
        # deletes does not matter: they are checked when the flush's transaction commits.
        return [
            "SET CONSTRAINTS ALL DEFERRED;",
            *(f"{style.SQL_KEYWORD('DELETE FROM')} {style.SQL_FIELD(self.quote_name(name))};" for name in names),
        ]


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations
