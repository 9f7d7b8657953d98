"""What the API accepts is what its schema says (api/inputs.py): each pattern accepts exactly
what the use case's rule accepts (config.text.TextRule, forum/validation.py), however odd
the text (white space at the ends, invisible and control characters, NUL); JSON's types are
the schema's; and what could not be stored is a 400, never a 500."""

import json
import re

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from rest_framework.exceptions import ValidationError

from api import inputs
from forum.forms import AskForm
from forum.validation import ANSWER_BODY, QUESTION_BODY, TITLE, tag_errors
from moderation.usecases import FLAG_NOTE
from responses.usecases import DISMISS_REASON
from tests.factories import set_reputation

# Text as members (and fuzzers) send it: letters, white space of every kind, invisible and
# control characters, NUL, commas and hashes (tags), and anything else now and then.
ODD = " \t\n\r\x0b\x0c\x1c\x85\xa0\u2028\u3000\u200b\u202e\ufeff\x00\x01\x7f\x9f,#-"
odd_text = st.text(alphabet=st.one_of(st.sampled_from(ODD), st.sampled_from("aZ09-é"), st.characters()), max_size=60)


def accepted_by_schema(schema: dict, value: str) -> bool:
    return len(value) <= schema.get("maxLength", len(value)) and bool(re.fullmatch(schema["pattern"], value))


def accepted_by_api(rule, value: str) -> bool:
    """As the API takes a JSON text: the use case's rule (its most counted as sent)."""
    return not rule.errors(value)


def tags_accepted_by_api(value: str) -> bool:
    """As the API takes tags as text: read (api.inputs.read_tags), then the use case's rule
    for tags' names (creating new ones allowed)."""
    try:
        names = inputs.read_tags(value)
    except ValidationError:
        return False
    return not tag_errors(names)


def padded(length: int):
    """Text around a length limit, white space and invisible characters at its ends."""
    ends = st.text(alphabet=" \n\t\u200b\ufeff", max_size=3)
    return st.tuples(ends, st.text(alphabet="ab \u200b", min_size=length - 3, max_size=length + 3), ends).map("".join)


SAME = settings(
    max_examples=300, deadline=None, derandomize=True, database=None, suppress_health_check=[HealthCheck.too_slow]
)


@SAME
@given(st.one_of(odd_text, padded(15), padded(150)))
@example("  How do I reset my hub?  ")
@example("\u200b" * 3 + "How do I reset my hub")
@example("Fourteen chars")
def test_the_title_pattern_is_the_use_case_s_rule(value):
    schema = inputs.text_schema(TITLE)
    assert accepted_by_schema(schema, value) == accepted_by_api(TITLE, value)


@SAME
@given(st.one_of(odd_text, padded(30), padded(15)))
def test_the_body_patterns_are_the_use_cases_rules(value):
    for rule in (QUESTION_BODY, ANSWER_BODY):
        assert accepted_by_schema(inputs.text_schema(rule), value) == accepted_by_api(rule, value), rule


@SAME
@given(st.one_of(odd_text, padded(5)))
def test_the_dismiss_reason_and_flag_note_patterns_are_the_use_cases_rules(value):
    assert accepted_by_schema(inputs.text_schema(DISMISS_REASON), value) == accepted_by_api(DISMISS_REASON, value)
    # With "other", a note is needed: not blank once stripped.
    note = {"pattern": inputs.SAID, "maxLength": FLAG_NOTE.max}
    said = accepted_by_api(FLAG_NOTE, value) and bool(FLAG_NOTE.cleaned(value))
    assert accepted_by_schema(note, value) == said


tag_words = st.text(alphabet="aB9-#", min_size=1, max_size=35)
tag_strings = st.lists(st.tuples(tag_words, st.sampled_from([" ", ",", ", ", " ,\n", "\t"])), max_size=7).map(
    lambda words: "".join(word + separator for word, separator in words)
)


@pytest.mark.django_db
@settings(
    max_examples=300,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(st.one_of(tag_strings, odd_text))
@example("a" * 32)
@example("a" * 33)
@example("#wifi#, Billing")
@example("a--b")
@example("9 # ")
@example("# wifi ## #billing# #")
@example("\u212aelvin")
def test_the_tags_pattern_is_the_use_case_s_rule(value):
    schema = {"pattern": inputs.TAGS_STRING, "maxLength": AskForm.base_fields["tags"].max_length}
    words = re.findall(r"[^,\s]+", value)
    if len(words) > 5 and len({word.strip("#").lower() for word in words}) <= 5:
        return  # the same tag six times over: the form counts it once, the schema's pattern six times
    assert accepted_by_schema(schema, value) == tags_accepted_by_api(value)


# --- JSON bodies -------------------------------------------------------------------------------


def post(api, url: str, body) -> dict:
    response = api.post(url, body if isinstance(body, str) else json.dumps(body), content_type="application/json")
    return {"status": response.status_code, **response.json().get("error", {})}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "body",
    [
        '{"body": "Hold the reset button \\ud800 for ten seconds."}',
        '{"body": "Hold the reset button for ten seconds.", "\\udfff": 1}',
        '{"body": ["\\udc00"]}',
    ],
)
def test_a_lone_surrogate_in_json_is_a_400_not_a_500(api, thread, body):
    refused = post(api, reverse("api:answer", args=[thread.pk]), body)
    assert refused["status"] == 400
    assert refused["code"] == "parse_error"
    assert not thread.posts.filter(is_question=False).exists()


@pytest.mark.django_db
def test_json_nested_too_deeply_is_a_400_not_a_500(api, thread):
    refused = post(api, reverse("api:answer", args=[thread.pk]), "[" * 100_000 + "]" * 100_000)
    assert (refused["status"], refused["code"]) == (400, "parse_error")


@pytest.mark.django_db
def test_text_longer_than_its_limit_as_sent_is_a_400_even_if_white_space_would_be_stripped(api, thread):
    body = "Hold the reset button for ten seconds. " + "x" * (30_000 - 39)
    url = reverse("api:answer", args=[thread.pk])
    refused = post(api, url, {"body": body + "   "})
    assert refused["status"] == 400
    assert refused["fields"]["body"] == ["That is too long: at most 30,000 characters (you have 30003)."]
    assert post(api, url, {"body": body})["status"] == 201


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("body", None, "Send text here."),
        ("body", 123456789012345678901234567890, "Send text here."),
        ("official", 1, "Send true or false."),
        ("official", "true", "Send true or false."),
    ],
)
def test_json_values_must_have_the_schema_s_types(api, thread, field, value, message):
    body = {"body": "Hold the reset button for ten seconds.", field: value}
    refused = post(api, reverse("api:answer", args=[thread.pk]), body)
    assert (refused["status"], refused["fields"]) == (400, {field: [message]})


@pytest.mark.django_db
@pytest.mark.parametrize("tags", [["WiFi"], ["wifi billing"], ["#wifi"], [], ["a"] * 6, ["x" * 33], [1]])
def test_a_list_of_tags_holds_tags_names_as_they_are_stored(api, tags):
    question = {"title": "Why does my hub drop every night?", "body": "Every night around two it drops." * 2}
    refused = post(api, reverse("api:threads"), {**question, "tags": tags})
    assert refused["status"] == 400
    assert refused["fields"]["tags"][0].startswith("Send 1 to 5 tags' names")


@pytest.mark.django_db
def test_a_note_of_null_is_not_taken_as_no_note(api, member, thread):
    set_reputation(member, 50)
    question = thread.posts.get(is_question=True)
    refused = post(api, reverse("api:flag", args=[question.pk]), {"reason": "spam", "note": None})
    assert (refused["status"], refused["fields"]) == (400, {"note": ["Send text here."]})


@pytest.mark.django_db
@pytest.mark.parametrize("cursor", ["garbage", "MQ==", "A" * 201])  # MQ== is offset 1, past no results
def test_search_checks_its_cursor_even_with_no_words(api, cursor):
    refused = api.get(reverse("api:search"), {"q": "", "cursor": cursor})
    assert refused.status_code == 404
    assert api.get(reverse("api:search"), {"q": "", "cursor": "MA=="}).status_code == 200  # offset 0


@pytest.mark.django_db
def test_search_words_longer_than_the_limit_as_sent_are_a_400(api):
    refused = api.get(reverse("api:search"), {"q": "reset hub " + "x" * 190 + "  "})
    assert refused.status_code == 400
    assert refused.json()["error"]["fields"]["q"] == ["Ensure this value has at most 200 characters (it has 202)."]
