"""Input validation for flags and moderators' decisions; no rules about who may act."""

from django import forms

from forum.models import Thread
from moderation import queue
from moderation.duplicates import queue_state
from moderation.models import Flag, LogEntry, WatchedWord
from moderation.usecases import FLAG_NOTE, SUSPENSION_LENGTHS


class ReasonForm(forms.Form):
    reason = forms.CharField(
        max_length=500,
        min_length=3,
        strip=True,
        label="Reason (shown in the public log)",
        error_messages={"required": "Say why: the reason is shown in the public moderation log."},
    )


class FlagForm(forms.Form):
    """A flag as moderation.usecases.flag takes it (and checks it)."""

    reason = forms.CharField(
        required=False,
        widget=forms.RadioSelect(choices=Flag.Reason.choices, attrs={"required": True}),
        label="What is wrong?",
    )
    note = FLAG_NOTE.form_field(label="Note for the moderators")

    def __init__(self, *args, offered: list[tuple[str, str]] | None = None, **kwargs):
        """`offered`: the reasons to show (moderation.permissions.flag_reasons). One the
        member may not use is refused with its own reason by the use case."""
        super().__init__(*args, **kwargs)
        if offered is not None:
            self.fields["reason"].widget.choices = offered


class DecisionForm(forms.Form):
    """One decision on a post (moderation/queue.py): the reports queue's control, and the
    thread page's. The choice starts empty: no decision is one careless click away."""

    decision = forms.ChoiceField(
        choices=[("", "Choose a decision…"), *queue.ALL_DECISIONS],
        label="Decision",
        error_messages={"required": "Choose a decision."},
    )
    reason = forms.CharField(
        max_length=400,
        required=False,
        strip=True,
        label="Reason (public)",
        help_text="Needed to restore a post or keep it hidden; optional otherwise.",
    )
    # A penalised hide (spam, abuse) is confirmed on a page that says what it costs the author.
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def clean(self):
        data = super().clean()
        decision, reason = data.get("decision"), data.get("reason", "")
        if decision in queue.NEEDS_A_REASON and len(reason) < 3:
            self.add_error("reason", "Say why: the reason is shown in the public moderation log.")
        return data


class BulkDecisionForm(DecisionForm):
    """One decision for the flagged posts ticked in the queue (a spam wave)."""

    # At most one page of the queue: what the moderator could see and tick.
    MAX_POSTS = 50

    decision = forms.ChoiceField(
        choices=[("", "Choose a decision…"), *queue.BULK_DECISIONS],
        label="With the ticked posts",
        error_messages={"required": "Choose a decision."},
    )
    posts = forms.TypedMultipleChoiceField(
        coerce=int,
        label="Posts",
        error_messages={"required": "Tick the posts to decide on."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The choices are whatever ids were sent, if they are ids: the use case checks them.
        sent = self.data.getlist("posts") if hasattr(self.data, "getlist") else []
        ids = [value for value in sent if value.isascii() and value.isdigit() and len(value) <= 9]
        self.fields["posts"].choices = [(value, value) for value in ids]

    def clean_posts(self) -> list[int]:
        posts = self.cleaned_data["posts"]
        if len(posts) > self.MAX_POSTS:
            raise forms.ValidationError(f"Decide on at most {self.MAX_POSTS} posts at once.")
        return posts


class DuplicateForm(ReasonForm):
    original = forms.IntegerField(min_value=1, label="Number of the original thread (from its address, /t/<number>/)")
    # A thread waiting in the official queue, or assigned to a rep, leaves it when closed: the
    # moderator says they know (duplicates.queue_state tells them what it is waiting for).
    leaves_queue = forms.BooleanField(required=False, label="Take it out of the official queue")

    def __init__(self, *args, thread_id: int | None, **kwargs):
        """`thread_id`: the one being closed, or None for several at once (the admin's
        action, which leaves the original itself out)."""
        super().__init__(*args, **kwargs)
        self.thread_id = thread_id
        self.fields["reason"].required = False

    def clean_original(self) -> Thread:
        number = self.cleaned_data["original"]
        if self.thread_id is not None and number == self.thread_id:
            raise forms.ValidationError("A thread cannot be a duplicate of itself.")
        original = Thread.objects.filter(pk=number).first()
        if original is None:
            raise forms.ValidationError(f"There is no thread number {number}.")
        return original

    def clean_leaves_queue(self) -> bool:
        leaves = self.cleaned_data["leaves_queue"]
        if self.thread_id is not None and not leaves and (waiting := queue_state(self.thread_id)):
            raise forms.ValidationError(f"{waiting} Closing it takes it out: tick the box to confirm.")
        return leaves


class SuspendForm(ReasonForm):
    days = forms.ChoiceField(
        choices=[
            (key, "Permanently" if key == "permanent" else f"{key} day{'s' if key != '1' else ''}")
            for key in SUSPENSION_LENGTHS
        ],
        label="For",
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
    AGES = [
        ("", "Any age"),
        ("hour", "Flagged in the last hour"),
        ("day", "Waiting over a day"),
        ("week", "Waiting over a week"),
    ]
    reason = forms.ChoiceField(choices=[("", "Any reason"), *Flag.Reason.choices], required=False)
    tag = forms.SlugField(required=False, max_length=50)
    age = forms.ChoiceField(choices=AGES, required=False)


def input_limits() -> dict[str, int]:
    """The forms' own length limits, for the one-click forms written out in templates."""
    reason = ReasonForm.base_fields["reason"]
    return {
        "reason_min": reason.min_length,
        "reason_max": reason.max_length,
        "details_max": DecisionForm.base_fields["reason"].max_length,
    }


class WatchedWordForm(forms.Form):
    text = forms.CharField(
        min_length=2,
        max_length=100,
        strip=True,
        label="A word, a phrase or a link domain (example.com)",
    )

    def clean_text(self) -> str:
        text = " ".join(self.cleaned_data["text"].lower().split())
        if WatchedWord.objects.filter(text=text).exists():
            raise forms.ValidationError(f"“{text}” is watched already.")
        return text


class LogFilterForm(forms.Form):
    action = forms.ChoiceField(choices=[("", "Any action"), *LogEntry.Action.choices], required=False)
    moderator = forms.CharField(required=False, max_length=150)
    # One post's decisions: a hidden post's tombstone links here.
    post = forms.IntegerField(required=False, min_value=1, max_value=2**31 - 1, widget=forms.HiddenInput)
