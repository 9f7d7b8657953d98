"""What the API's writes and filters accept, as the OpenAPI schema states it, and the
serializers that read a write's body: they only translate (JSON's types, the lengths as
sent); the use cases check the rest. Every rule is read from the domain's own (config.text.
TextRule: forum/validation.py, responses/usecases.py, moderation/usecases.py) and written as
JSON Schema, so the schema says exactly what the use case will accept: a client (or
schemathesis) that sends what the schema allows is never refused as invalid, and what it
forbids is a 400.

The rules strip white space before counting, so a minimum length is a pattern: the first
and last characters that are not white space, that many apart. One-line rules (titles) also
remove invisible characters before counting and refuse control characters inside. NUL is
refused everywhere (the serializers' fields, and PostgreSQL)."""

from django import forms
from django.core.validators import MaxLengthValidator
from drf_spectacular.utils import OpenApiParameter, extend_schema_field
from rest_framework import serializers
from rest_framework.fields import ProhibitNullCharactersValidator, empty

from accounts.models import User
from config.text import INVISIBLE as INVISIBLE_CHARACTERS
from config.text import TextRule
from forum.conf import conf as forum_conf
from forum.forms import TAGS_BOX, AskForm, SearchForm, parse_tags
from forum.querysets import LIST_TABS, TAG_SLUG
from forum.validation import ANSWER_BODY, QUESTION_BODY, REPLY_BODY, TAG_MAX, TITLE, VOTE_VALUES
from forum.validation import TAG_NAME as domain_tag_name
from moderation.models import Flag
from moderation.usecases import FLAG_NOTE
from responses.forms import DismissForm, QueueViewForm
from responses.usecases import DISMISS_REASON

# Inside a character class: what a one-line field refuses (config.text: Cc, Zl, Zp) and what
# it removes (config.text.INVISIBLE), spelled with escapes so the schema stays plain ASCII.
CONTROLS = r"\x00-\x1f\x7f-\x9f\u2028\u2029"
INVISIBLE = r"\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff"
NO_NUL = r"^[^\x00]*$"
# Tags as the ask form reads a string of them: words between commas or white space, each
# 1-32 letters, digits and single hyphens (the form lowers the case, so the Kelvin sign is a
# "k", and drops "#" at either end; a word of "#" alone is nothing), 1 to 5 of them. The API
# refuses invisible characters in it (the form would remove them). A negative lookahead
# bounds a word's length: a fuzzer generates from it cheaply, where a positive one is slow.
_ALNUM = r"A-Za-z0-9\u212a"
_TAG_WORD = rf"#*(?![{_ALNUM}-]{{{TAG_MAX + 1}}})[{_ALNUM}]+(?:-[{_ALNUM}]+)*#*"
_SEPARATOR, _HASHES = r"[\s,]", "#+"
_GAP = rf"{_SEPARATOR}(?:{_SEPARATOR}|{_HASHES}{_SEPARATOR})*"
TAGS_STRING = (
    rf"^(?:{_SEPARATOR}|{_HASHES}{_SEPARATOR})*{_TAG_WORD}(?:{_GAP}{_TAG_WORD}){{0,4}}"
    rf"(?:{_GAP}(?:{_HASHES})?)?$"
)
TAG_NAME = rf"^{domain_tag_name.pattern}$"  # one tag as it is stored


def stripped_at_least(characters: int, *, inner: str, edge: str, invisible: str = "") -> str:
    """A pattern for "at least `characters` once stripped": white space (and `invisible`
    characters) at either end, then an `edge` character, `inner` ones, an `edge` one, with
    `invisible` ones anywhere not counting."""
    pad = rf"[\s{invisible}]*" if invisible else r"\s*"
    skip = f"[{invisible}]*" if invisible else ""
    if characters <= 1:
        middle = rf"(?:(?:{skip}{inner})*{skip}{edge})?"
    else:
        middle = rf"(?:{skip}{inner}){{{characters - 2},}}{skip}{edge}"
    return rf"^{pad}{edge}{middle}{pad}$"


def text_schema(rule: TextRule, *, description: str = "") -> dict:
    """The schema of a rule's text: its lengths (after stripping), no NUL, and for one-line
    rules no control characters inside."""
    schema: dict = {"type": "string", "maxLength": rule.max}
    if rule.one_line:
        schema["pattern"] = stripped_at_least(
            rule.min or 1,
            inner=f"[^{CONTROLS}{INVISIBLE}]",
            edge=rf"[^\s{CONTROLS}{INVISIBLE}]",
            invisible=INVISIBLE,
        )
    elif not rule.optional:
        schema["pattern"] = stripped_at_least(rule.min or 1, inner=r"[^\x00]", edge=r"[^\s\x00]")
    else:
        schema["pattern"] = NO_NUL
    if rule.min:
        schema["minLength"] = rule.min
    if description:
        schema["description"] = str(description)
    return schema


TEXT_REFUSED = "Send text here."
FLAG_REFUSED = "Send true or false."
TAGS_REFUSED = "Send the tags as text (“wifi, billing”) or as a list of tags' names."


class AsSent:
    """A field of a write's body read as sent, for its use case to check: a string, or ""
    when left out (the use case says what is missing, in its own words)."""

    def validate_empty_values(self, data):
        if data is empty:
            return True, ""
        if data is None:
            raise serializers.ValidationError(TEXT_REFUSED)
        return False, data

    def to_internal_value(self, data):
        if not isinstance(data, str):
            raise serializers.ValidationError(TEXT_REFUSED)
        return data


class Text(AsSent, serializers.CharField):
    """Text as sent: the use case checks its rule (config.text.TextRule), NUL and the
    lengths included, after it has checked who may."""

    def __init__(self, **kwargs):
        super().__init__(trim_whitespace=False, **kwargs)
        self.validators = [found for found in self.validators if not isinstance(found, ProhibitNullCharactersValidator)]

    def run_validation(self, data=empty):
        # Blank is for the use case to refuse in its words (not allow_blank: the schema
        # would then offer "" as valid).
        return "" if data == "" else super().run_validation(data)


def text(rule: TextRule, *, description: str = "") -> Text:
    """A body's text, documented by text_schema. The schema and the rule go on a class of
    its own: DRF copies fields by making them anew."""
    own = type("Text", (Text,), {})
    return extend_schema_field(text_schema(rule, description=description))(own)(required=not rule.optional)


class Choice(AsSent, serializers.ChoiceField):
    """One of the choices, as text: the use case says when it is none of them."""


class Switch(serializers.BooleanField):
    """true or false in JSON; a form's "1" (or "true") is on, anything else off."""

    def validate_empty_values(self, data):
        if data is empty:
            return True, False
        if data is None:
            raise serializers.ValidationError(FLAG_REFUSED)
        return False, data

    def to_internal_value(self, data):
        if isinstance(data, bool):
            return data
        if self.context.get("form") and isinstance(data, str):
            return data in ("1", "true", "True")
        raise serializers.ValidationError(FLAG_REFUSED)


def too_long(form_class: type[forms.Form], values, keys) -> dict[str, list[str]]:
    """{field: [the form's own message]} for each text longer than its field's max_length as
    sent (the query filters' forms, the tags box): the schema's maxLength, counted before
    the form strips white space, as a browser's maxlength counts what is typed."""
    refused = {}
    for key in keys:
        field, value = form_class.base_fields[key], values.get(key)
        longest = getattr(field, "max_length", None)
        if isinstance(value, str) and longest and len(value) > longest:
            message = field.error_messages.get("max_length") or MaxLengthValidator(longest).message
            refused[key] = [str(message % {"limit_value": longest, "show_value": len(value), "value": value})]
    return refused


TAGS_INVISIBLE = "Send the tags as plain words: no invisible characters (zero-width, bidi)."
TAG_LIST_REFUSED = (
    f"Send 1 to {forum_conf.MAX_TAGS_PER_THREAD} tags' names, each letters a-z, digits and single hyphens, "
    f"{TAG_MAX} characters at most."
)


def tags_refusal(value: str | list) -> str | None:
    """What the API refuses in a body's tags before they are parsed, in words: invisible
    characters in a string (the schema's pattern has none), and a list that is not 1 to 5
    tags' names as they are stored."""
    if isinstance(value, str):
        return TAGS_INVISIBLE if INVISIBLE_CHARACTERS.search(value) else None
    if 1 <= len(value) <= forum_conf.MAX_TAGS_PER_THREAD and all(
        isinstance(name, str) and len(name) <= TAG_MAX and domain_tag_name.fullmatch(name) for name in value
    ):
        return None
    return TAG_LIST_REFUSED


def read_tags(value) -> list[str]:
    """A body's tags, as text ("wifi, billing", the ask page's box) or a list of names, as
    the tags' names forum.usecases.ask takes."""
    if not isinstance(value, str | list):
        raise serializers.ValidationError(TAGS_REFUSED)
    if isinstance(value, str) and len(value) > TAGS_BOX:
        raise serializers.ValidationError(
            MaxLengthValidator(TAGS_BOX).message % {"limit_value": TAGS_BOX, "show_value": len(value)}
        )
    if refusal := tags_refusal(value):
        raise serializers.ValidationError(refusal)
    return parse_tags(value if isinstance(value, str) else ", ".join(value))


class Tags(serializers.JSONField):
    def validate_empty_values(self, data):
        if data is empty:
            return True, []
        if data is None:
            raise serializers.ValidationError(TAGS_REFUSED)
        return False, data

    def to_internal_value(self, data):
        return read_tags(data)


def choices(field: forms.ChoiceField, *, blank: bool = False) -> list[str]:
    values = [str(value) for value, _label in field.choices]
    return [*values, ""] if blank else values


ASK = AskForm.base_fields
TAGS_SCHEMA = {
    "oneOf": [
        {
            "type": "string",
            "maxLength": ASK["tags"].max_length,
            "pattern": TAGS_STRING,
            "description": "Tags' names separated by commas or spaces, as on the ask page.",
        },
        {
            "type": "array",
            "minItems": 1,
            "maxItems": forum_conf.MAX_TAGS_PER_THREAD,
            "items": {"type": "string", "maxLength": TAG_MAX, "pattern": TAG_NAME},
            "description": "Tags' names, one per item.",
        },
    ],
    "description": "1 to 5 tags. A tag that does not exist yet needs the privilege to create tags (a 403).",
}


class AskInput(serializers.Serializer):
    title = text(TITLE, description=ASK["title"].help_text)
    body = text(QUESTION_BODY, description="Markdown.")
    tags = extend_schema_field(TAGS_SCHEMA)(type("Tags", (Tags,), {}))()


SECOND_LOOK_HELP = (
    "A rep asks a lead to look at their official reply on a hot thread first (when the team suggests it; "
    "when it requires it, the reply waits anyway): the answer is 202 with the held reply's page."
)


class AnswerInput(serializers.Serializer):
    body = text(ANSWER_BODY, description="Markdown.")
    official = Switch(required=False, help_text="A rep's official reply.")
    second_look = Switch(required=False, help_text=SECOND_LOOK_HELP)


class ReplyInput(serializers.Serializer):
    body = text(REPLY_BODY, description="Markdown: a clarification, a detail asked for, thanks.")
    asks_customer = Switch(
        required=False, help_text="A rep asks the customer for a detail: the thread waits on them until they reply."
    )


class OfficialReplyInput(serializers.Serializer):
    body = text(ANSWER_BODY, description="Markdown.")
    second_look = Switch(required=False, help_text=SECOND_LOOK_HELP)


class VoteInput(serializers.Serializer):
    value = Choice(choices=list(VOTE_VALUES), help_text="`none` takes your vote back.")


class DismissInput(serializers.Serializer):
    reason = text(DISMISS_REASON, description=DismissForm.base_fields["reason"].help_text)


class FlagInput(serializers.Serializer):
    """A note is needed with `other` (the schema's anyOf says so)."""

    reason = Choice(choices=Flag.Reason.values)
    note = text(FLAG_NOTE)


# Filters (query parameters), as the list, search and queue pages read them.
LIST_TAB = {"type": "string", "enum": list(LIST_TABS)}
LIST_TAG = {"type": "string", "pattern": rf"^(?:{TAG_SLUG.pattern})?$", "description": "A tag's slug."}
SEARCH = SearchForm.base_fields
SEARCH_Q = {"type": "string", "maxLength": SEARCH["q"].max_length, "pattern": NO_NUL}
# Django's SlugField (validate_slug), empty for no filter.
SLUG = {"type": "string", "maxLength": SEARCH["tag"].max_length, "pattern": r"^[-a-zA-Z0-9_]*$"}
SEARCH_SORT = {"type": "string", "enum": choices(SEARCH["sort"], blank=True)}
QUEUE_SHOW = {"type": "string", "enum": choices(QueueViewForm.base_fields["show"], blank=True)}
CURSOR = {"type": "string", "maxLength": 200, "pattern": NO_NUL, "description": "From `next` or `previous`, or a 404."}
PAGE_SIZE = {"type": "integer", "minimum": 1, "description": "20 by default; more than 100 gives 100."}
# The user model's username rule (UnicodeUsernameValidator), as the profile looks it up.
USERNAME = {"type": "string", "maxLength": User._meta.get_field("username").max_length, "pattern": r"^[\w.@+-]+$"}
ID = {"type": "integer", "minimum": 1, "maximum": 2**63 - 1}
PAGING = [OpenApiParameter("cursor", CURSOR), OpenApiParameter("page_size", PAGE_SIZE)]
SAID = stripped_at_least(1, inner=r"[^\x00]", edge=r"[^\s\x00]")  # not blank
FLAG_NEEDS_NOTE = {
    "anyOf": [
        {"properties": {"reason": {"not": {"enum": [Flag.Reason.OTHER.value]}}}},
        {"required": ["note"], "properties": {"note": {"pattern": SAID}}},
    ]
}
