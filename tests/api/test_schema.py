"""The OpenAPI schema says what the API does (issue 24 found it documenting no errors, public
reads as needing a token, the queue as an array, and none of the forms' rules)."""

import pytest
from django.urls import reverse

from forum.forms import ANSWER_MIN, BODY_MAX, BODY_MIN, TITLE_MAX, TITLE_MIN
from forum.querysets import LIST_TABS
from moderation.models import Flag
from responses.forms import QUEUE_VIEWS

pytestmark = pytest.mark.django_db

PUBLIC_READS = {
    "/api/v1/threads/",
    "/api/v1/threads/{thread_id}/",
    "/api/v1/tags/",
    "/api/v1/users/{username}/",
    "/api/v1/search/",
}


@pytest.fixture
def schema(client) -> dict:
    return client.get(reverse("api:schema"), {"format": "json"}).json()


def operations(schema: dict):
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            yield path, method, operation


def component(schema: dict, reference: dict) -> dict:
    """A schema, followed through its $ref (or its allOf's only one) if it has one."""
    if "allOf" in reference:
        reference = reference["allOf"][0]
    if "$ref" not in reference:
        return reference
    return schema["components"]["schemas"][reference["$ref"].rsplit("/", 1)[1]]


def test_every_operation_documents_its_errors_in_the_one_error_shape(schema):
    error = schema["components"]["schemas"]["Error"]
    assert error["required"] == ["error"]
    detail = component(schema, error["properties"]["error"])
    assert set(detail["properties"]) == {"code", "message", "fields"}
    for path, method, operation in operations(schema):
        responses = operation["responses"]
        expected = {"400", "401", "429"}
        if method == "post":
            expected |= {"403", "404", "415", "503"}
        if "{" in path or path in ("/api/v1/threads/", "/api/v1/tags/", "/api/v1/search/"):
            expected.add("404")  # an id, a member, a cursor
        assert expected <= set(responses), (method, path)
        for status in expected:
            assert responses[status]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Error"}
        assert responses["429"]["headers"]["Retry-After"]["required"] is True
        assert responses["401"]["headers"]["WWW-Authenticate"]["required"] is True


def test_public_reads_may_be_called_without_credentials_and_nothing_else_may(schema):
    for path, method, operation in operations(schema):
        anonymous = {} in operation["security"]
        assert anonymous == (method == "get" and path in PUBLIC_READS), (method, path)
        assert {"personalToken": []} in operation["security"]


def test_the_queue_is_documented_as_the_object_it_returns(schema, client, rep):
    queue = component(
        schema, schema["paths"]["/api/v1/queue/"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    )
    assert queue["required"] == ["results", "show"]
    assert queue["properties"]["results"]["type"] == "array"
    client.force_login(rep)
    assert set(client.get(reverse("api:queue")).json()) == set(queue["properties"])


def test_the_forms_rules_are_in_the_schema(schema):
    components = schema["components"]["schemas"]
    ask, answer = components["AskInput"]["properties"], components["AnswerInput"]["properties"]
    assert (ask["title"]["minLength"], ask["title"]["maxLength"]) == (TITLE_MIN, TITLE_MAX)
    assert (ask["body"]["minLength"], ask["body"]["maxLength"]) == (BODY_MIN, BODY_MAX)
    assert (answer["body"]["minLength"], answer["body"]["maxLength"]) == (ANSWER_MIN, BODY_MAX)
    assert all("pattern" in field for field in (ask["title"], ask["body"], answer["body"]))
    assert answer["official"]["type"] == "boolean"
    assert [variant["type"] for variant in ask["tags"]["oneOf"]] == ["string", "array"]
    assert components["DismissInput"]["properties"]["reason"]["minLength"] == 5
    flag = components["FlagInput"]
    assert component(schema, flag["properties"]["reason"])["enum"] == list(Flag.Reason.values)
    assert flag["anyOf"][1]["required"] == ["note"]  # a note with "other"
    assert component(schema, components["VoteInput"]["properties"]["value"])["enum"] == ["up", "down", "none"]
    parameters = {
        (path, parameter["name"]): parameter["schema"]
        for path, _method, operation in operations(schema)
        for parameter in operation.get("parameters", [])
    }
    assert parameters[("/api/v1/threads/", "tab")]["enum"] == list(LIST_TABS)
    assert parameters[("/api/v1/threads/", "page_size")]["minimum"] == 1
    assert parameters[("/api/v1/threads/", "cursor")]["maxLength"] == 200
    assert parameters[("/api/v1/search/", "q")]["maxLength"] == 200
    assert parameters[("/api/v1/search/", "sort")]["enum"] == ["relevance", "date", ""]
    assert parameters[("/api/v1/queue/", "show")]["enum"] == [*(key for key, _label in QUEUE_VIEWS), ""]
    assert parameters[("/api/v1/threads/{thread_id}/", "thread_id")] == {
        "type": "integer",
        "minimum": 1,
        "maximum": 2**63 - 1,
    }
    assert parameters[("/api/v1/search/", "q")].get("pattern") == "^[^\\x00]*$"


def test_search_needs_no_words(schema):
    q = next(p for p in schema["paths"]["/api/v1/search/"]["get"]["parameters"] if p["name"] == "q")
    assert not q.get("required", False)


def test_the_dashboard_is_documented_as_the_object_it_returns(schema, client, rep):
    dashboard = component(
        schema,
        schema["paths"]["/api/v1/dashboard/"]["get"]["responses"]["200"]["content"]["application/json"]["schema"],
    )
    window = component(schema, dashboard["properties"]["windows"]["items"])
    client.force_login(rep)
    figures = client.get(reverse("api:dashboard")).json()
    assert set(figures) == set(dashboard["properties"])
    assert set(figures["windows"][0]) == set(window["properties"])
    overall = component(schema, window["properties"]["overall"])
    assert set(figures["windows"][0]["overall"]) == set(overall["properties"])
