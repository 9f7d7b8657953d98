"""Input validation for flags and moderators' decisions; no rules about who may act."""

from datetime import timedelta

from django import forms

from forum.models import Thread
from moderation.actions import HIDE_REASONS
from moderation.models import Flag, LogEntry


class ReasonForm(forms.Form):
    reason = forms.CharField(
        max_length=500,
        min_length=3,
        strip=True,
        label="Reason (shown in the public log)",
        error_messages={"required": "Say why: the reason is shown in the public moderation log."},
    )


class FlagForm(forms.Form):
    reason = forms.ChoiceField(choices=Flag.Reason.choices, widget=forms.RadioSelect, label="What is wrong?")
    note = forms.CharField(max_length=500, required=False, strip=True, label="Note for the moderators")

    def __init__(self, *args, offered: list[tuple[str, str]] | None = None, **kwargs):
        """`offered`: the reasons to show (moderation.permissions.flag_reasons). Any reason
        still validates here, so that one the member may not use is refused with its own
        reason by the permission check, not as "not a valid choice"."""
        super().__init__(*args, **kwargs)
        if offered is not None:
            self.fields["reason"].widget.choices = offered

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("reason") == Flag.Reason.OTHER and not cleaned.get("note"):
            self.add_error("note", "Say what is wrong: a note is needed with “Other”.")
        return cleaned


class HideForm(forms.Form):
    rule = forms.ChoiceField(choices=[(key, label) for key, label in HIDE_REASONS.items()], label="Rule broken")
    reason = forms.CharField(max_length=400, required=False, strip=True, label="Details (optional, public)")


class DuplicateForm(ReasonForm):
    original = forms.IntegerField(min_value=1, label="Number of the original thread (from its address, /t/<number>/)")

    def __init__(self, *args, thread: Thread | None, **kwargs):
        """`thread`: the one being closed, or None for several at once (the admin's action,
        which leaves the original itself out)."""
        super().__init__(*args, **kwargs)
        self.thread = thread
        self.fields["reason"].required = False

    def clean_original(self) -> Thread:
        number = self.cleaned_data["original"]
        if self.thread is not None and number == self.thread.pk:
            raise forms.ValidationError("A thread cannot be a duplicate of itself.")
        original = Thread.objects.filter(pk=number).first()
        if original is None:
            raise forms.ValidationError(f"There is no thread number {number}.")
        return original


SUSPENSION_LENGTHS = {"1": timedelta(days=1), "3": timedelta(days=3), "7": timedelta(days=7), "30": timedelta(days=30)}


class SuspendForm(ReasonForm):
    days = forms.ChoiceField(
        choices=[(key, f"{key} day{'s' if key != '1' else ''}") for key in SUSPENSION_LENGTHS], label="For"
    )


class DeleteMemberForm(ReasonForm):
    withdraw_posts = forms.BooleanField(
        required=False,
        label="Also withdraw everything they wrote (what it earned is taken back; hidden posts and "
        "questions others answered stay)",
    )
    confirm = forms.BooleanField(
        label="Delete this account for good: its personal data is erased and it cannot log in again",
        error_messages={"required": "Tick the box to confirm: a deleted account cannot be brought back."},
    )


class ReviewRequestForm(forms.Form):
    note = forms.CharField(max_length=500, required=False, strip=True, label="Why should it be shown again?")


class ReportFilterForm(forms.Form):
    reason = forms.ChoiceField(choices=[("", "Any reason"), *Flag.Reason.choices], required=False)
    tag = forms.SlugField(required=False, max_length=50)


def input_limits() -> dict[str, int]:
    """The forms' own length limits, for the one-click forms written out in templates."""
    reason = ReasonForm.base_fields["reason"]
    return {
        "reason_min": reason.min_length,
        "reason_max": reason.max_length,
        "details_max": HideForm.base_fields["reason"].max_length,
    }


class LogFilterForm(forms.Form):
    action = forms.ChoiceField(choices=[("", "Any action"), *LogEntry.Action.choices], required=False)
    moderator = forms.CharField(required=False, max_length=150)
