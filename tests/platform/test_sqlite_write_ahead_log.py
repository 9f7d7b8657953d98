"""The embedded database runs in WAL mode, switched on by a check and not by every connection
asking for it (config/sqlite.py: asking took a lock that a burst of new connections could
be refused at once), and a check refused because the file is busy gives way: a burst of new
connections on a loaded machine must not turn into a 500."""

import sqlite3

import pytest
from django.conf import settings
from django.db import OperationalError, connections
from django.db.backends.sqlite3.base import DatabaseWrapper

from config.sqlite import use_write_ahead_log


def test_no_connection_asks_for_the_mode_in_its_opening_commands():
    options = settings.DATABASES["default"].get("OPTIONS", {})
    assert "journal_mode" not in options.get("init_command", "").lower()


def test_a_new_database_file_is_switched_to_the_write_ahead_log_when_first_opened(tmp_path, django_db_blocker):
    path = tmp_path / "fresh.sqlite3"
    sqlite_settings = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(path), "OPTIONS": {}}
    wrapper = DatabaseWrapper({**connections["default"].settings_dict, **sqlite_settings}, alias="fresh")
    with django_db_blocker.unblock():
        wrapper.ensure_connection()  # connection_created: the site's receiver runs
        wrapper.close()
    # A plain connection, without Django, finds the mode in the file.
    with sqlite3.connect(path) as plain:
        assert plain.execute("PRAGMA journal_mode").fetchone() == ("wal",)


class Refusing:
    vendor = "sqlite"

    def __init__(self, message: str):
        self.message = message

    def cursor(self):
        return self

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def execute(self, sql):
        raise OperationalError(self.message)


def test_a_busy_file_skips_the_check():
    use_write_ahead_log(sender=None, connection=Refusing("database is locked"))


def test_any_other_failure_is_raised():
    with pytest.raises(OperationalError):
        use_write_ahead_log(sender=None, connection=Refusing("no such table: x"))
