"""Abuse limits: how often one member may ask, answer, vote, flag and say "me too".

forum's views and moderation's flagging ask them before they write (the rates are
ACTION_RATE_LIMITS in config/settings.py). Counted in Django's cache by django-ratelimit
(Redis in production, where increments are atomic; the embedded setup's database cache
counts well enough for one developer). django-ratelimit's Django app is not installed on
purpose: its system check refuses the database cache outright, which would stop `make run`.
"""

from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest
from django_ratelimit.core import is_ratelimited


@dataclass(frozen=True)
class Limit:
    action: str
    rate: str  # "10/h"

    @property
    def message(self) -> str:
        count, period = self.rate.split("/")
        return (
            f"You can {ACTION_WORDS[self.action]} at most {count} times per {PERIODS[period[-1]]}. "
            "Please wait a little; nothing you typed is lost."
        )


PERIODS = {"s": "second", "m": "minute", "h": "hour", "d": "day"}
ACTION_WORDS = {
    "ask": "ask",
    "answer": "answer",
    "vote": "vote",
    "flag": "flag",
    "me_too": "say “me too”",
    "preview": "preview",
}


def limit_for(request: HttpRequest, action: str) -> Limit:
    """Stricter for new members (below NEW_MEMBER_REPUTATION)."""
    rates = settings.ACTION_RATE_LIMITS[action]
    new = request.user.reputation < settings.NEW_MEMBER_REPUTATION
    return Limit(action=action, rate=rates["new"] if new else rates["member"])


def exceeded(request: HttpRequest, action: str) -> Limit | None:
    """Count this attempt; return the limit when it is over (the caller answers 429)."""
    if not settings.ACTION_RATE_LIMITS_ON:
        return None
    limit = limit_for(request, action)
    over = is_ratelimited(request, group=f"helpcircle.{action}", key="user", rate=limit.rate, increment=True)
    return limit if over else None
