"""Private cases' domain settings, each overridable by a Django setting of the same name
(config/appsettings.py)."""

from config.appsettings import AppSettings


class CasesSettings(AppSettings):
    CASES_PER_PAGE = 30  # rows per page of /cases/


conf = CasesSettings()
