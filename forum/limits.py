"""The members' abuse limits, as the forum's views, moderation and the API call them: the
mechanism lives in config/limits.py (below every app, so that accounts' settings page is
limited too); the rates are ACTION_RATE_LIMITS there too."""

from config.limits import ACTION_WORDS, PERIODS, Limit, exceeded, limit_for, too_often

__all__ = ["ACTION_WORDS", "PERIODS", "Limit", "exceeded", "limit_for", "too_often"]
