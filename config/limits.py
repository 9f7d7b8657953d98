"""Abuse limits: how often one member may do each write (ask, answer, vote, flag, "me too",
accept, edit, follow, preview, the reps' queue work, case messages, settings...).

Every member-facing POST view asks them before it writes, after its permission checks, and
the API's doors count the same limits (the rates are ACTION_RATE_LIMITS below; issue 24:
20 accept switches in 6 s sent 80 emails). A config helper, so
that every app, accounts included, uses the one mechanism; forum/limits.py is its name in
the forum's code. Counted per member in fixed windows of the `default` cache by
config/counters.py, the API's counters: one atomic step per attempt on Redis and on the
database cache alike, so parallel requests never slip past a limit.
"""

from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from config import counters
from config.appsettings import AppSettings
from config.env import env_bool
from config.htmx_refusals import is_htmx, plain_refusal


class LimitsSettings(AppSettings):
    """Each overridable by a Django setting of the same name (config/appsettings.py)."""

    # RATE_LIMITS=0 turns these off, with allauth's (config/settings.py): load tests only.
    ACTION_RATE_LIMITS_ON = env_bool("RATE_LIMITS", True)
    # Attempts per period, stricter below NEW_MEMBER_REPUTATION.
    NEW_MEMBER_REPUTATION = 15
    ACTION_RATE_LIMITS = {
        "ask": {"member": "10/h", "new": "3/h"},
        "answer": {"member": "60/h", "new": "10/h"},
        "reply": {"member": "120/h", "new": "20/h"},
        "vote": {"member": "120/h", "new": "30/h"},
        "flag": {"member": "30/h", "new": "10/h"},
        "me_too": {"member": "60/h", "new": "20/h"},
        # The Markdown preview renders on every pause in typing (issue 24: anonymous loops of
        # it slowed every page down).
        "preview": {"member": "60/m", "new": "30/m"},
        # Every other member write has one too (issue 24: 20 accept switches in 6 s, 30 edits
        # or case messages of 29 kB in 2 s, follow loops emptying the page cache).
        "accept": {"member": "20/h", "new": "10/h"},
        "edit": {"member": "30/h", "new": "10/h"},
        "follow": {"member": "60/h", "new": "30/h"},
        "official": {"member": "300/h", "new": "300/h"},  # reps and leads at work; not by reputation
        "case_message": {"member": "60/h", "new": "20/h"},
        "notifications": {"member": "300/h", "new": "300/h"},
        "settings": {"member": "30/h", "new": "30/h"},
    }


conf = LimitsSettings()


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
    "reply": "reply",
    "vote": "vote",
    "flag": "flag",
    "me_too": "say “me too”",
    "preview": "preview",
    "accept": "accept or take back an answer",
    "edit": "edit, withdraw or redact your posts",
    "follow": "follow or unfollow",
    "official": "act on the official-response queue, announcements and ideas",
    "case_message": "write in private cases",
    "notifications": "mark notifications",
    "settings": "change your settings",
}


def limit_for(request: HttpRequest, action: str) -> Limit:
    """Stricter for new members (below NEW_MEMBER_REPUTATION)."""
    return _limit_for(request.user, action)


def _limit_for(member, action: str) -> Limit:
    rates = conf.ACTION_RATE_LIMITS[action]
    new = member.reputation < conf.NEW_MEMBER_REPUTATION
    return Limit(action=action, rate=rates["new"] if new else rates["member"])


def exceeded(request: HttpRequest, action: str) -> Limit | None:
    """Count this attempt; return the limit when it is over (the caller answers 429)."""
    return _exceeded(request.user, action)


def _exceeded(member, action: str) -> Limit | None:
    if not conf.ACTION_RATE_LIMITS_ON:
        return None
    limit = _limit_for(member, action)
    allowed, period = counters.parse_rate(limit.rate)
    hit = counters.hit(f"helpcircle.{action}:member-{member.pk}", period=period)
    return limit if hit.count > allowed else None


class TooOften(Exception):
    """A use case's refusal for going over a limit: both doors answer 429, the page with the
    message, the API with it and Retry-After (`wait`, seconds)."""

    def __init__(self, message: str, *, wait: int, about=None):
        super().__init__(message)
        self.message, self.wait, self.about = message, wait, about  # about: the thread, to go back to

    @classmethod
    def over(cls, limit: Limit, *, about=None) -> "TooOften":
        return cls(limit.message, wait=counters.PERIOD_SECONDS[limit.rate.split("/")[1][-1]], about=about)


@dataclass(frozen=True)
class Limiter:
    """What a use case counts its attempt with: the member writing (their id and reputation
    choose the counter and the rate). A door makes one from its request (limiter()); the
    use case calls it after its checks and validation, before it acts, the same point for
    every door."""

    member: object

    def __call__(self, action: str, *, about=None) -> None:
        if limit := _exceeded(self.member, action):
            raise TooOften.over(limit, about=about)


def limiter(request: HttpRequest) -> Limiter:
    return Limiter(member=request.user)


def unlimited(action: str, *, about=None) -> None:
    """For the admin's actions: staff deciding in bulk are not a member writing too often."""


def too_often(request: HttpRequest, limit: "Limit | TooOften", *, back=None) -> HttpResponse:
    """The 429 for a refused write that has nothing typed to keep (a button): for htmx the
    reason alone, shown beside the control (config/htmx_refusals.py); else the 429 page,
    with a link back to `back` (a thread) when there is one. Forms re-render themselves
    with the reason and their text instead."""
    if is_htmx(request):
        return plain_refusal(limit.message, status=429)
    return render(request, "429.html", {"message": limit.message, "back": back}, status=429)
