"""The API's permission matrix mirrors the pages': for each write and its page, for each
role of the security walk (tests/platform/security_world.py), the page's POST and the
API's POST (each rolled back) are both allowed or both refused. The same for the queue and
the dashboard reads. The API is sent each role's read-write token; the page, its session."""

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from api import tokens
from responses.models import QueueThread
from tests.platform.security_world import ROLES, build_world, client_for, outcome, quiet_refusals, send

ANSWER = {"body": "Hold the reset button for ten seconds, then wait for the light."}
ASK = {
    "title": "Why does my hub drop the connection every night?",
    "body": "Every night around two the hub loses its connection and only a restart brings it back.",
    "tags": "wifi",
}


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        world = build_world()
        roles = [user.pk for user in world.users.values() if user]
        queued = QueueThread.objects.awaiting_official().exclude(author__in=roles).order_by("pk").first()
        assert queued is not None, "the demo forum has a thread in the official-response queue"
        world.values["queued_id"] = queued.pk
        world.values["tokens"] = {
            role: tokens.create_token(user=user, name="mirror", scope="write")[1]
            for role, user in world.users.items()
            if user is not None
        }
        yield world
        transaction.set_rollback(True)


def _pairs(world) -> list[tuple[str, str, str, dict]]:
    """(what, page URL, API URL, body) for each write."""
    thread, post, queued = world.values["thread_id"], world.values["post_id"], world.values["queued_id"]
    return [
        ("ask", reverse("forum:ask"), reverse("api:threads"), ASK),
        ("answer", reverse("forum:answer", args=[thread]), reverse("api:answer", args=[thread]), ANSWER),
        ("empty answer", reverse("forum:answer", args=[thread]), reverse("api:answer", args=[thread]), {}),
        (
            "official answer",
            reverse("forum:answer", args=[thread]),
            reverse("api:answer", args=[thread]),
            {**ANSWER, "official": "1"},
        ),
        (
            "reply from the queue",
            reverse("responses:reply", args=[queued]),
            reverse("api:official_reply", args=[queued]),
            ANSWER,
        ),
        ("vote up", reverse("forum:vote", args=[post]), reverse("api:vote", args=[post]), {"value": "up"}),
        ("vote down", reverse("forum:vote", args=[post]), reverse("api:vote", args=[post]), {"value": "down"}),
        ("accept", reverse("forum:accept", args=[post]), reverse("api:accept", args=[post]), {}),
        ("claim", reverse("responses:claim", args=[queued]), reverse("api:claim", args=[queued]), {}),
        ("claim, not queued", reverse("responses:claim", args=[thread]), reverse("api:claim", args=[thread]), {}),
        (
            "dismiss",
            reverse("responses:dismiss", args=[queued]),
            reverse("api:dismiss", args=[queued]),
            {"reason": "Not a product question at all."},
        ),
        ("flag", reverse("moderation:flag", args=[post]), reverse("api:flag", args=[post]), {"reason": "spam"}),
        (
            "flag, needs an official response",
            reverse("moderation:flag", args=[post]),
            reverse("api:flag", args=[post]),
            {"reason": "needs_official"},
        ),
        (
            "flag, other",
            reverse("moderation:flag", args=[post]),
            reverse("api:flag", args=[post]),
            {"reason": "other", "note": "Looks copied from elsewhere."},
        ),
    ]


def verdict(response) -> str:
    """allowed (done, or the form refused), refused (who is asking), or the status itself."""
    status = outcome(response)
    if status in ("401", "403", "login"):
        return "refused"
    if status in ("200", "201", "302", "400"):
        return "allowed"
    return status


def api_client(world, role: str) -> Client:
    token = world.values["tokens"].get(role)
    return Client(headers={"Authorization": f"Bearer {token}"}) if token else Client()


@pytest.fixture
def no_rate_limits(settings):
    settings.ACTION_RATE_LIMITS_ON = False


@pytest.mark.parametrize("role", ROLES)
def test_each_api_write_is_allowed_exactly_when_its_page_allows_it(world, db, no_rate_limits, role):
    page, api = client_for(world.users[role]), api_client(world, role)
    differ, allowed = [], 0
    with quiet_refusals():
        for what, page_url, api_url, body in _pairs(world):
            on_page = verdict(send(page, "POST", page_url, body))
            on_api = verdict(send(api, "POST", api_url, body))
            allowed += on_page == "allowed"
            if on_page != on_api:
                differ.append(f"{what}: page {on_page}, API {on_api}")
    assert differ == []
    # Every member may do something here, the anonymous visitor and the suspended member nothing.
    assert (allowed > 0) == (role not in ("anonymous", "suspended"))


@pytest.mark.parametrize("role", ROLES)
def test_the_queue_and_the_dashboard_are_read_by_whoever_reads_their_pages(world, db, role):
    page, api = client_for(world.users[role]), api_client(world, role)
    reads = [
        (reverse("responses:official_queue"), reverse("api:queue")),
        (reverse("responses:dashboard"), reverse("api:dashboard")),
    ]
    with quiet_refusals():
        got = [
            (verdict(send(page, "GET", page_url)), verdict(send(api, "GET", api_url))) for page_url, api_url in reads
        ]
    assert [on_page == on_api for on_page, on_api in got] == [True, True], got


def _invalid(world) -> list[tuple[str, str, str, dict, str]]:
    """(what, page URL, API URL, body, field) for a write each door must refuse as invalid."""
    thread, post, queued = world.values["thread_id"], world.values["post_id"], world.values["queued_id"]
    return [
        ("ask, a short title", reverse("forum:ask"), reverse("api:threads"), {**ASK, "title": "Short"}, "title"),
        ("ask, no tags", reverse("forum:ask"), reverse("api:threads"), {**ASK, "tags": ""}, "tags"),
        (
            "answer, too short",
            reverse("forum:answer", args=[thread]),
            reverse("api:answer", args=[thread]),
            {"body": "Too short"},
            "body",
        ),
        (
            "reply, nothing written",
            reverse("responses:reply", args=[queued]),
            reverse("api:official_reply", args=[queued]),
            {"body": "   "},
            "body",
        ),
        (
            "dismiss, too short a reason",
            reverse("responses:dismiss", args=[queued]),
            reverse("api:dismiss", args=[queued]),
            {"reason": "no"},
            "reason",
        ),
        (
            "vote, no such value",
            reverse("forum:vote", args=[post]),
            reverse("api:vote", args=[post]),
            {"value": "x"},
            "value",
        ),
    ]


def test_both_doors_refuse_the_same_invalid_input_in_the_same_words(world, db, no_rate_limits):
    """One use case validates for both doors: the page shows beside its field (or, for a
    button, says) exactly what the API answers in `fields`."""
    page, api = client_for(world.users["rep"]), api_client(world, "rep")
    with quiet_refusals():
        for what, page_url, api_url, body, field in _invalid(world):
            on_page, on_api = send(page, "POST", page_url, body), send(api, "POST", api_url, body)
            assert (on_page.status_code, on_api.status_code) == (400, 400), what
            said = on_api.json()["error"]["fields"][field]
            forms = [on_page.context.get(key) for key in ("form", "answer_form")] if on_page.context else []
            form = next((found for found in forms if found is not None), None)
            shown = form.errors[field] if form is not None else [on_page.content.decode()]
            assert list(shown) == said, what
