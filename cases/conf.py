"""Private cases' domain settings, each overridable by a Django setting of the same name
(config/appsettings.py)."""

from datetime import timedelta

from config.appsettings import AppSettings


class CasesSettings(AppSettings):
    CASES_PER_PAGE = 30  # rows per page of /cases/
    # A resolved case may be reopened by the customer or a rep for this long (issue 27).
    REOPEN_WINDOW = timedelta(days=14)


conf = CasesSettings()
