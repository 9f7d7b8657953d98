"""The API's domain settings: its rate limits and tokens, each overridable by a Django setting
of the same name (config/appsettings.py). REST_FRAMEWORK and SPECTACULAR_SETTINGS, the
libraries' own, stay in config/settings.py."""

import os

from config.appsettings import AppSettings
from config.env import env_int


class ApiSettings(AppSettings):
    # Per token (per session for the site's scripts, per address for visitors), counted
    # apart for reads and writes, and per member across all their tokens and their session
    # (api/throttles.py); asking, answering, voting and flagging also keep
    # ACTION_RATE_LIMITS (config/limits.py).
    API_RATE_LIMITS = {
        "read": os.environ.get("API_READ_RATE", "600/min"),
        "write": os.environ.get("API_WRITE_RATE", "120/min"),
    }
    API_MEMBER_RATE_LIMITS = {
        "read": os.environ.get("API_MEMBER_READ_RATE", "1200/min"),
        "write": os.environ.get("API_MEMBER_WRITE_RATE", "240/min"),
    }
    # Live (unrevoked) tokens one member may hold, and how often they may make one.
    API_TOKENS_PER_MEMBER = env_int("API_TOKENS_PER_MEMBER", 10)
    API_TOKEN_CREATE_RATE = os.environ.get("API_TOKEN_CREATE_RATE", "10/h")


conf = ApiSettings()
