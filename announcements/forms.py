"""Input for announcements, pins and banners: validation and messages only (who may:
announcements/permissions.py). Title, body and tags follow the rules of asking (forum's
QuestionForm, inherited, not copied)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from django import forms
from django.conf import settings
from django.utils import timezone

from config.text import OneLineField
from forum.conf import conf as forum_conf
from forum.forms import QuestionForm
from forum.validation import TITLE

UNTIL = "until"  # the choice that reads the exact date and time instead of a length

PIN_CHOICES = [("1", "1 day"), ("3", "3 days"), ("7", "1 week"), ("14", "2 weeks"), (UNTIL, "Until a date and time")]
NO_PIN = ("", "Do not pin")
PIN_MOST = timedelta(days=90)  # a pin nobody remembers is noise at the top of every list

BANNER_CHOICES = [
    ("1", "In 1 hour"),
    ("4", "In 4 hours"),
    ("12", "In 12 hours"),
    ("24", "In 1 day"),
    ("72", "In 3 days"),
    (UNTIL, "At a date and time"),
]
BANNER_DEFAULT = "4"
BANNER_MOST = timedelta(days=14)  # an incident is over long before; say so in the announcement
BANNER_TEXT_MAX = 200


class LocalDateTimeInput(forms.DateTimeInput):
    """The browser's date-and-time picker; without one, a box that takes "2025-06-01T14:30"."""

    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


def _at_field(label: str) -> forms.DateTimeField:
    return forms.DateTimeField(
        required=False,
        label=label,
        widget=LocalDateTimeInput(),
        help_text=f"Used when you choose a date and time above ({settings.TIME_ZONE} time).",
        error_messages={"invalid": "Give a date and time such as 2025-06-01 14:30."},
    )


class _Timed(forms.Form):
    """Ends are counted from `now` (the view's clock, or a test's)."""

    def __init__(self, *args, now: datetime | None = None, **kwargs):
        self.now = now or timezone.now()
        super().__init__(*args, **kwargs)

    def _end(self, *, choice: str, at_field: str, unit: timedelta, most: timedelta, what: str) -> datetime | None:
        """The end chosen: `choice` units from now, or the exact time in `at_field`."""
        if choice != UNTIL:
            return self.now + int(choice) * unit
        at = self.cleaned_data.get(at_field)
        if at_field in self.errors:
            return None
        if at is None:
            self.add_error(at_field, f"Give the date and time {what}, or choose how long above.")
        elif at <= self.now:
            self.add_error(at_field, f"That time has passed: {what} must be in the future.")
        elif at > self.now + most:
            self.add_error(at_field, f"That is too far ahead: {what} at most {most.days} days from now.")
        else:
            return at
        return None


class PinFields(_Timed):
    """How long to pin: cleaned_data["pinned_until"], None for no pin."""

    pin_for = forms.ChoiceField(
        label="Pin at the top of the lists",
        choices=[NO_PIN, *PIN_CHOICES],
        required=False,
        help_text="Pinned announcements are shown above the questions on the home page and their tags' pages.",
        error_messages={"invalid_choice": "Choose how long to pin from the list."},
    )
    pin_until = _at_field("Pin until")

    def __init__(self, *args, pin_required: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if pin_required:
            self.fields["pin_for"].choices = PIN_CHOICES
            self.fields["pin_for"].required = True
            self.fields["pin_for"].error_messages["required"] = "Choose how long to pin it."

    def clean(self):
        cleaned = super().clean()
        choice = cleaned.get("pin_for")
        cleaned["pinned_until"] = (
            self._end(choice=choice, at_field="pin_until", unit=timedelta(days=1), most=PIN_MOST, what="the pin ends")
            if choice
            else None
        )
        return cleaned


class BannerFields(_Timed):
    """An incident banner's words and when it clears: cleared_data["banner_clears_at"] (None
    when there are no words)."""

    banner_text = OneLineField(
        label="Incident banner",
        max_length=BANNER_TEXT_MAX,
        required=False,
        help_text="One line shown at the top of every page, linking to the announcement, "
        "e.g. “Some hubs in the north are offline: we are on it.” Leave empty for no banner.",
        error_messages={
            "max_length": f"Keep the banner under {BANNER_TEXT_MAX} characters (you have %(show_value)d).",
            "required": "Write the banner's line first.",
        },
    )
    banner_clears = forms.ChoiceField(
        label="Clear the banner",
        choices=BANNER_CHOICES,
        initial=BANNER_DEFAULT,
        required=False,
        help_text="It clears by itself then; any representative can also clear it sooner.",
        error_messages={"invalid_choice": "Choose when the banner clears from the list."},
    )
    banner_until = _at_field("Clear the banner at")

    def __init__(self, *args, banner_required: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["banner_text"].required = banner_required

    def clean(self):
        cleaned = super().clean()
        cleaned["banner_clears_at"] = None
        if cleaned.get("banner_text"):
            cleaned["banner_clears_at"] = self._end(
                choice=cleaned.get("banner_clears") or BANNER_DEFAULT,
                at_field="banner_until",
                unit=timedelta(hours=1),
                most=BANNER_MOST,
                what="the banner clears",
            )
        return cleaned


class AnnouncementForm(QuestionForm, PinFields, BannerFields):
    """A new announcement: what asking takes (title, Markdown body, tags, by the same rules),
    then how long to pin it and, optionally, an incident banner."""

    field_order = [
        "title",
        "body",
        "tags",
        "comments_allowed",
        "pin_for",
        "pin_until",
        "banner_text",
        "banner_clears",
        "banner_until",
    ]
    comments_allowed = forms.BooleanField(
        required=False,
        initial=True,
        label="Allow comments",
        help_text="Members may answer and reply under it. You can turn comments off or on later from its page.",
    )
    title_rule = replace(
        TITLE,
        required="Give the announcement a title.",
        too_short="Make the title a full sentence: at least {min} characters (you have {n}).",
    )
    no_tags = "Add at least one tag: customers look there."

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        title, body, tags = self.fields["title"], self.fields["body"], self.fields["tags"]
        title.help_text = "What customers need to know, in one sentence."
        body.label = "Announcement"
        body.help_text = (
            "What happened, who is affected, what to do, and when you will say more. "
            "Markdown works: **bold**, `code`, lists."
        )
        tags.help_text = (
            f"1 to {forum_conf.MAX_TAGS_PER_THREAD} tags, separated by spaces or commas: "
            "a pinned announcement shows on their pages too."
        )
        self.fields["pin_for"].initial = "3"


class PinForm(PinFields):
    """Pin (or re-pin) an announcement from its page: a length is required."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, pin_required=True, **kwargs)


class BannerForm(BannerFields):
    """Raise the incident banner from an announcement's page: its words are required."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, banner_required=True, **kwargs)
