"""Every write has a limit (issue 24): each view that takes a POST counts one of the
members' limits (forum/limits.py), or hands its use case the member's limiter
(config.limits.limiter, or the API's for the same limits), which the use case counts before
it acts, unless it is listed below with the reason it needs none. A new POST view without
either fails here, as a new URL without a security-matrix entry fails there."""

import inspect

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from forum import usecases as forum_usecases
from moderation import usecases as moderation_usecases
from responses import usecases as responses_usecases
from tests.platform.test_security_matrix import MATRIX

COUNTS_A_LIMIT = ("limits.exceeded(", "limiter(request)")

# Writes that need no members' limit, and why.
UNLIMITED = {
    # allauth's own rate limits (login, signup, reset, reauthentication, email changes).
    "account_": "allauth's rate limits",
    "accounts:delete_account": "10 tries a minute (allauth's rate limit), and it happens once",
    "responses:request_official": "OFFICIAL_REQUESTS_PER_DAY per member, counted in its action",
    # The moderators' and leads' own tools: few people, every use in a public or team log.
    "moderation:": "moderators' decisions, each in the public log",
    "team:": "the leads' team settings, each in the team's log",
    "webhooks:": "the leads' webhook settings, each in the team's log",
    "api_tokens:": "tokens, at most a few per member (api/tokens.py)",
}
# Member-facing views inside the prefixes above, which are limited all the same.
LIMITED_ANYWAY = {"moderation:flag", "moderation:request_review"}


def views_by_name(resolver: URLResolver | None = None, namespace: str = ""):
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            inner = ":".join(part for part in (namespace, pattern.namespace) if part)
            yield from views_by_name(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield (f"{namespace}:{pattern.name}" if namespace else pattern.name), pattern.callback


def takes_post(name: str) -> bool:
    statuses = MATRIX.get(name, {}).get("POST", "405")
    return statuses != "405" if isinstance(statuses, str) else any(status != "405" for status in statuses.values())


def source_of(view) -> str:
    """The view's code, with that of its module's helpers it calls (`_set_me_too`)."""
    handler = getattr(getattr(view, "cls", None), "post", None) or inspect.unwrap(view)
    source = inspect.getsource(handler)
    helpers = [
        inspect.getsource(value)
        for name, value in vars(inspect.getmodule(handler)).items()
        if name.startswith("_") and inspect.isfunction(value) and f"{name}(" in source
    ]
    return "\n".join([source, *helpers])


def exempt(name: str) -> bool:
    return name not in LIMITED_ANYWAY and any(name.startswith(prefix) for prefix in UNLIMITED)


def test_every_view_that_writes_counts_a_members_limit_or_says_why_not():
    writes = {name: view for name, view in views_by_name() if takes_post(name) and not name.startswith("admin:")}
    assert len(writes) > 40  # the walk found the site's writes
    unlimited = [
        name
        for name, view in writes.items()
        if not exempt(name) and not any(call in source_of(view) for call in COUNTS_A_LIMIT)
    ]
    assert unlimited == []


USE_CASE_MODULES = (forum_usecases, responses_usecases, moderation_usecases)


@pytest.mark.parametrize(
    "use_case",
    [
        value
        for module in USE_CASE_MODULES
        for value in vars(module).values()
        if inspect.isfunction(value)
        and value.__module__ == module.__name__
        and "limiter" in inspect.signature(value).parameters
    ],
    ids=lambda use_case: f"{use_case.__module__}.{use_case.__name__}",
)
def test_every_use_case_given_a_limiter_counts_it_before_it_acts(use_case):
    """The doors hand the use case the limiter; counting it is the use case's, once for all."""
    source = inspect.getsource(use_case)
    assert "limiter(" in source
