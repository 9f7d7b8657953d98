"""Closing the loop's domain settings, each overridable by a Django setting of the same name
(config/appsettings.py). How often beat looks (REMINDER_CHECK_INTERVAL) is beat's schedule,
in config/settings.py."""

from datetime import timedelta

from config.appsettings import AppSettings
from config.env import env_int


class RemindersSettings(AppSettings):
    # An asker whose thread has answers but none accepted is reminded once, this long after
    # the first answer.
    ACCEPT_REMINDER_AFTER = timedelta(days=env_int("ACCEPT_REMINDER_DAYS", 3))
    # Digests go out at most this often to members who chose one.
    DIGEST_INTERVAL = timedelta(days=7)


conf = RemindersSettings()
