"""Input validation and clear messages; no rules about who may do what (permissions.py)."""

import re

from django import forms
from taggit.models import Tag

from config.text import OneLineField, strip_invisible
from forum.conf import conf

TITLE_MIN, TITLE_MAX = 15, 150
BODY_MIN, BODY_MAX = 30, 30_000
ANSWER_MIN = 15


# What a tag may be: the form's promise, "letters, digits and hyphens".
TAG_NAME = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
TAG_MAX = 32


def parse_tags(raw: str, *, most_words: int = 100) -> list[str]:
    """ "Wi-Fi, Billing router" -> ["wi-fi", "billing", "router"]: lower case, unique, in
    order, invisible characters removed.

    Reads the first `most_words` words only: the tags box's 200 characters hold 100, and
    /tag-suggestions/ passes its ?tags= here too, so that no input, however long, costs
    more than a full box's worth of work."""
    words = re.finditer(r"[^,\s]+", strip_invisible(raw).lower())
    names = dict.fromkeys(word.group().strip("#") for _, word in zip(range(most_words), words, strict=False))
    return [name for name in names if name]


# A vote as the vote buttons (and the API) send it.
VOTE_VALUES = {"up": 1, "down": -1, "none": 0}


class BodyField(forms.CharField):
    widget = forms.Textarea

    def __init__(self, *, min_length: int, label: str, **kwargs):
        super().__init__(
            min_length=min_length,
            max_length=BODY_MAX,
            strip=True,
            label=label,
            error_messages={
                "min_length": f"Say a little more: at least {min_length} characters (you have %(show_value)d).",
                "max_length": f"That is too long: at most {BODY_MAX:,} characters (you have %(show_value)d).",
                "required": "Write something first.",
            },
            **kwargs,
        )


class AskForm(forms.Form):
    title = OneLineField(
        min_length=TITLE_MIN,
        max_length=TITLE_MAX,
        strip=True,
        help_text="One sentence a customer with the same problem would search for.",
        error_messages={
            "min_length": f"Make the title a full question: at least {TITLE_MIN} characters (you have %(show_value)d).",
            "max_length": f"Keep the title under {TITLE_MAX} characters (you have %(show_value)d).",
            "required": "Give your question a title.",
        },
    )
    body = BodyField(
        min_length=BODY_MIN,
        label="Details",
        help_text="What you tried, what happened, what you expected. Markdown works: **bold**, `code`, lists.",
    )
    tags = forms.CharField(
        max_length=200,
        help_text=f"1 to {conf.MAX_TAGS_PER_THREAD} tags, separated by spaces or commas.",
        error_messages={"required": "Add at least one tag so the right people find your question."},
    )

    def __init__(self, *args, can_create_tags: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.can_create_tags = can_create_tags

    def clean_tags(self) -> list[str]:
        names = parse_tags(self.cleaned_data["tags"])
        if not names:
            raise forms.ValidationError("Add at least one tag so the right people find your question.")
        if len(names) > conf.MAX_TAGS_PER_THREAD:
            raise forms.ValidationError(f"Use at most {conf.MAX_TAGS_PER_THREAD} tags (you have {len(names)}).")
        for name in names:
            if len(name) > TAG_MAX or not TAG_NAME.fullmatch(name):
                raise forms.ValidationError(
                    f"“{name[:TAG_MAX]}” is not a usable tag: letters a-z, digits and single hyphens, "
                    f"{TAG_MAX} characters at most."
                )
        existing = set(Tag.objects.filter(name__in=names).values_list("name", flat=True))
        new = [name for name in names if name not in existing]
        if new and not self.can_create_tags:
            raise forms.ValidationError(
                f"Creating new tags needs {conf.PRIVILEGES['create_tags']} reputation; "
                f"choose existing tags instead of: {', '.join(new)}.",
                code="create_tags",  # the API answers it as a refused privilege (a 403)
            )
        return names


class AnswerForm(forms.Form):
    body = BodyField(min_length=ANSWER_MIN, label="Your answer")


class EditPostForm(forms.Form):
    title = OneLineField(min_length=TITLE_MIN, max_length=TITLE_MAX, strip=True, required=False)
    body = BodyField(min_length=ANSWER_MIN, label="Text")

    def __init__(self, *args, is_question: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if is_question:
            self.fields["title"].required = True
            self.fields["body"] = BodyField(min_length=BODY_MIN, label="Details")
        else:
            del self.fields["title"]


class SearchForm(forms.Form):
    q = forms.CharField(max_length=200, required=False, label="Search")
    tag = forms.SlugField(
        max_length=50,
        required=False,
        error_messages={
            "invalid": "A tag is letters, digits and hyphens.",
            "max_length": "A tag is at most 50 characters.",
        },
    )
    sort = forms.ChoiceField(
        choices=[("relevance", "Relevance"), ("date", "Newest")],
        required=False,
        label="Sort by",
        error_messages={"invalid_choice": "Sort by relevance or date (newest first)."},
    )
