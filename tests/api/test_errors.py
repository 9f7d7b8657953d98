"""Every refusal is `{"error": {"code", "message", "fields"}}` with its status, and bad
input (ids that are not numbers or past bigint, forged or huge cursors, a megabyte of body,
broken JSON) is a 4xx, never a 500."""

import json

import pytest
from django.urls import reverse

from config.limits import conf as limits_conf
from tests.api.conftest import error_of
from tests.factories import UserFactory, make_thread

pytestmark = pytest.mark.django_db


def test_invalid_input_is_a_400_naming_each_field(api, thread):
    response = api.post(reverse("api:answer", args=[thread.pk]), {"body": "short"}, content_type="application/json")
    error = error_of(response, 400)
    assert error["code"] == "invalid"
    assert "at least 15 characters" in error["fields"]["body"][0]


def test_asking_without_anything_names_every_missing_field(api):
    error = error_of(api.post(reverse("api:threads"), {}, content_type="application/json"), 400)
    assert sorted(error["fields"]) == ["body", "tags", "title"]


def test_no_credentials_on_a_write_is_a_401_saying_how_to_authenticate(client, thread):
    response = client.post(reverse("api:answer", args=[thread.pk]), {"body": "x" * 20})
    assert error_of(response, 401)["code"] == "not_authenticated"
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_refusal_by_the_forum_s_rules_is_a_403_in_their_words(api, thread):
    error = error_of(api.get(reverse("api:queue")), 403)
    assert error["code"] == "permission_denied"
    assert error["message"] == "The official-response queue is for company representatives."


def test_unknown_objects_and_addresses_are_json_404s(api):
    assert error_of(api.get(reverse("api:thread", args=[10**6])), 404)["code"] == "not_found"
    assert error_of(api.get("/api/v1/threads/not-a-number/"), 404)["code"] == "not_found"
    assert error_of(api.get("/api/v1/no-such-endpoint/"), 404)["code"] == "not_found"
    assert error_of(api.get(reverse("api:profile", args=["nobody-" + "x" * 200])), 404)["code"] == "not_found"


def test_ids_past_bigint_are_a_404(api):
    huge = 2**64
    assert error_of(api.get(f"/api/v1/threads/{huge}/"), 404)["code"] == "not_found"
    assert error_of(api.post(f"/api/v1/posts/{huge}/vote/", {"value": "up"}), 404)["code"] == "not_found"


def test_a_method_an_endpoint_does_not_take_is_a_405_whoever_asks(client, api, thread):
    for who in (client, api):
        assert error_of(who.delete(reverse("api:thread", args=[thread.pk])), 405)["code"] == "method_not_allowed"
        assert error_of(who.put(reverse("api:answer", args=[thread.pk])), 405)["code"] == "method_not_allowed"


def test_reads_answer_head(api, thread):
    for url in (reverse("api:threads"), reverse("api:thread", args=[thread.pk]), reverse("api:tags")):
        response = api.head(url)
        assert response.status_code == 200
        assert response.content == b""


# "garbage"; p=not-a-date; r=1&p=xxx; p=2026-12-02 (no time zone); 10,000 characters.
@pytest.mark.parametrize("cursor", ["garbage", "cD1ub3QtYS1kYXRl", "cj0xJnA9eHh4", "cD0yMDI2LTEyLTAy", "A" * 10_000])
def test_a_forged_or_huge_cursor_is_a_404_not_a_500(api, thread, cursor):
    error = error_of(api.get(reverse("api:threads"), {"cursor": cursor}), 404)
    assert error["code"] == "not_found"


# o=99...9 (DRF stops offsets at 1,000); p=2020-01-01T00:00:00+00:00, a date we never gave.
@pytest.mark.parametrize(
    "cursor", ["bz05OTk5OTk5OTk5OTk5OTk5OTk5OTk5", "cD0yMDIwLTAxLTAxKzAwJTNBMDAlM0EwMCUyQjAwJTNBMDA="]
)
def test_a_well_formed_cursor_we_never_gave_is_an_empty_page(api, thread, cursor):
    response = api.get(reverse("api:threads"), {"cursor": cursor})
    assert response.status_code == 200
    assert response.json()["results"] == []


@pytest.mark.parametrize("cursor", ["garbage", "LTU=", "OTk5OTk5", "A" * 10_000])
def test_a_forged_search_cursor_is_a_404(api, thread, cursor):
    error_of(api.get(reverse("api:search"), {"q": "reset", "cursor": cursor}), 404)


def test_bad_filters_are_400s(api):
    assert error_of(api.get(reverse("api:threads"), {"tab": "everything"}), 400)["fields"]["tab"]
    assert error_of(api.get(reverse("api:threads"), {"tag": "not a slug!"}), 400)["fields"]["tag"]
    assert error_of(api.get(reverse("api:search"), {"q": "x" * 500}), 400)["fields"]["q"]


def test_a_page_size_past_100_is_cut_to_100_and_nonsense_is_a_400(api):
    make_threads = [make_thread(author=UserFactory(), title=f"How do I reset hub number {n}?") for n in range(22)]
    assert len(api.get(reverse("api:threads"), {"page_size": "1000"}).json()["results"]) == len(make_threads)
    assert len(api.get(reverse("api:threads")).json()["results"]) == 20
    assert len(api.get(reverse("api:threads"), {"page_size": "5"}).json()["results"]) == 5
    for nonsense in ("x", "0", "-1", "", "2.5", "\uff11"):  # the last a full-width digit
        error = error_of(api.get(reverse("api:threads"), {"page_size": nonsense}), 400)
        assert error["fields"]["page_size"] == ["A whole number from 1 (20 by default, 100 at most)."]


def test_a_megabyte_of_body_is_a_400(api, thread):
    response = api.post(
        reverse("api:answer", args=[thread.pk]), json.dumps({"body": "x" * 1_000_000}), content_type="application/json"
    )
    assert "at most 30,000 characters" in error_of(response, 400)["fields"]["body"][0]


def test_broken_json_and_strange_types_are_400s_or_415s(api, thread):
    url = reverse("api:answer", args=[thread.pk])
    assert error_of(api.post(url, "{not json", content_type="application/json"), 400)["code"] == "parse_error"
    assert error_of(api.post(url, "[1, 2]", content_type="application/json"), 400)["code"] == "parse_error"
    assert error_of(api.post(url, "body=x", content_type="text/plain"), 415)["code"] == "unsupported_media_type"
    response = api.post(url, {"body": {"nested": ["x" * 20]}}, content_type="application/json")
    assert error_of(response, 400)["fields"] == {"body": ["Send text here."]}


def test_the_api_s_own_rate_limit_is_a_429_with_retry_after(api, settings):
    settings.ACTION_RATE_LIMITS_ON = True
    settings.API_RATE_LIMITS = {"read": "2/h", "write": "2/h"}  # fixed windows: a minute's edge could split the three
    assert api.get(reverse("api:tags")).status_code == 200
    assert api.get(reverse("api:tags")).status_code == 200
    response = api.get(reverse("api:tags"))
    assert error_of(response, 429)["code"] == "throttled"
    assert int(response["Retry-After"]) > 0


def test_the_forum_s_own_limits_are_429s_too(api, thread, settings):
    settings.ACTION_RATE_LIMITS_ON = True
    settings.ACTION_RATE_LIMITS = {**limits_conf.ACTION_RATE_LIMITS, "answer": {"new": "1/h", "member": "1/h"}}
    url = reverse("api:answer", args=[thread.pk])
    assert api.post(url, {"body": "The first answer, long enough."}, content_type="application/json").status_code == 201
    response = api.post(url, {"body": "A second answer, long enough too."}, content_type="application/json")
    error = error_of(response, 429)
    assert error["code"] == "rate_limited"
    assert "at most 1 times per hour" in error["message"]
    assert int(response["Retry-After"]) == 3600


def test_with_the_cache_down_the_api_reads_and_refuses_writes_with_a_json_503(api, thread, settings):
    nobody_listens = "redis://127.0.0.1:1/0"
    settings.ACTION_RATE_LIMITS_ON = True
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": nobody_listens},
        "pages": {"BACKEND": "config.cache.ForgivingRedisCache", "LOCATION": nobody_listens, "KEY_PREFIX": "pages"},
    }
    assert api.get(reverse("api:thread", args=[thread.pk])).status_code == 200
    response = api.post(reverse("api:answer", args=[thread.pk]), {"body": "Unplug it for ten seconds first."})
    assert error_of(response, 503)["code"] == "unavailable"
    assert response["Retry-After"] == "30"
    assert not thread.posts.filter(is_question=False).exists()
