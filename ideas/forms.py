"""Input validation and clear messages for ideas; who may do what is in permissions.py."""

import re
from dataclasses import replace

from django import forms

from forum.forms import QuestionForm
from forum.validation import TITLE
from ideas.models import SETTABLE_STATUSES, Idea, IdeaStatus

NOTE_MIN, NOTE_MAX = 10, 5_000


class IdeaForm(QuestionForm):
    """The ask form's title, Markdown body and tags, in an idea's words."""

    title_rule = replace(
        TITLE,
        too_short="Say what the idea is: at least {min} characters (you have {n}).",
        required="Give your idea a title.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        title, body = self.fields["title"], self.fields["body"]
        title.help_text = "What you would like, in one sentence others would vote for."
        body.label = "Why it would help"
        body.help_text = "What you would use it for and what you do today instead. Markdown works."


class IdeaListForm(forms.Form):
    """/ideas/'s order and status filter, from the address."""

    SORTS = {"votes": "Most votes", "newest": "Newest"}

    sort = forms.ChoiceField(
        choices=list(SORTS.items()),
        required=False,
        error_messages={"invalid_choice": "Sort ideas by votes or newest."},
    )
    status = forms.ChoiceField(
        choices=[("", "Any status"), *IdeaStatus.choices],
        required=False,
        error_messages={
            "invalid_choice": "Filter by a status: " + ", ".join(label.lower() for label in IdeaStatus.labels) + "."
        },
    )


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        choices=[("", "Choose a status"), *((status.value, status.label) for status in SETTABLE_STATUSES)],
        label="New status",
        error_messages={
            "required": "Choose the idea's new status.",
            "invalid_choice": "Choose one of the statuses listed.",
        },
    )
    note = forms.CharField(
        widget=forms.Textarea,
        min_length=NOTE_MIN,
        max_length=NOTE_MAX,
        strip=True,
        label="Public note",
        help_text="Everyone reads it on the idea and its followers are told: why, and what comes next. Markdown works.",
        error_messages={
            "required": "Write a note: members deserve to know why.",
            "min_length": f"Say a little more: at least {NOTE_MIN} characters (you have %(show_value)d).",
            "max_length": f"Keep the note under {NOTE_MAX:,} characters (you have %(show_value)d).",
        },
    )


# "12", "#12", "idea #12", or the idea's address (https://…/t/12/slug/).
_IDEA_NUMBER = re.compile(r"(?:idea\s*)?#?\s*(\d{1,12})\s*|.*?/t/(\d{1,12})(?:/.*)?", re.IGNORECASE)


class LinkForm(forms.Form):
    idea = forms.CharField(
        max_length=300,
        strip=True,
        label="Idea number",
        help_text="The idea's number (#12) or its address.",
        error_messages={"required": "Give the idea's number, as in “idea #12”."},
    )

    def clean_idea(self) -> Idea:
        typed = self.cleaned_data["idea"]
        match = _IDEA_NUMBER.fullmatch(typed)
        if not match:
            raise forms.ValidationError("That is not an idea's number: type it as 12 or #12, or paste its address.")
        number = int(match.group(1) or match.group(2))
        idea = Idea.objects.listed().select_related("thread").filter(pk=number).first()
        if idea is None:
            raise forms.ValidationError(f"There is no idea #{number}: check the number on the idea's page.")
        return idea
