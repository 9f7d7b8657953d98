from django import forms
from taggit.models import Tag

from forum.validation import ANSWER_BODY
from responses.usecases import DISMISS_REASON, DONE_REASON, RETURN_NOTE


class DismissForm(forms.Form):
    """The reason, as responses.usecases.dismiss takes it (and checks it)."""

    reason = DISMISS_REASON.form_field(
        widget=forms.TextInput,
        help_text="Kept and shown to leads, e.g. “duplicate of a solved thread” or “not a product question”.",
    )


class DoneForm(forms.Form):
    """Why a customer's follow-up needs no further reply (responses.usecases.mark_done). Its
    inputs are named apart from the dismissal's, which shares the queue row."""

    reason = DONE_REASON.form_field(
        widget=forms.TextInput,
        help_text="Kept and shown to leads, e.g. “the customer says it works now”.",
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "id_done_%s")
        super().__init__(*args, **kwargs)


class QueueFilterForm(forms.Form):
    tag = forms.SlugField(required=False, max_length=50)
    mine = forms.BooleanField(required=False)


QUEUE_PAGE_LENGTH = 100  # the queue page shows, and the API gives, the first this many
QUEUE_VIEWS = [("for-you", "For you"), ("all", "Whole queue"), ("hot", "Hot"), ("mine", "Claimed by me")]


class QueueViewForm(QueueFilterForm):
    """Which part of the queue: a rep's routed view (their tags, their claims, what nobody
    looks after and what is offered to all), the whole queue, its hot threads (the angriest
    questions first), or only their claims."""

    show = forms.ChoiceField(choices=QUEUE_VIEWS, required=False)

    def chosen_view(self, *, looks_after_tags: bool) -> str:
        """The view asked for (`mine=1`, the older link, is "mine"); by default a rep who
        looks after tags starts with their routed view, others with the whole queue."""
        cleaned = getattr(self, "cleaned_data", {})
        show = cleaned.get("show") or ("mine" if cleaned.get("mine") else None)
        return show or ("for-you" if looks_after_tags else "all")


class AssignForm(forms.Form):
    def __init__(self, *args, reps=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rep"] = forms.TypedChoiceField(
            choices=[(rep.pk, rep.name) for rep in reps],
            coerce=int,
            error_messages={
                "invalid_choice": "Choose a representative from the list.",
                "required": "Choose a representative from the list.",
            },
        )


class RepTagsForm(forms.Form):
    tags = forms.ModelMultipleChoiceField(
        queryset=Tag.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Your queue and notices start with these tags' threads. Leave all unticked to see everything.",
    )


class HeldReplyForm(forms.Form):
    """A held official reply's words: the lead's version when approving, the rep's when
    rewriting (responses.usecases.approve_held, revise_held)."""

    body = ANSWER_BODY.form_field(widget=forms.Textarea, label="The official reply")


class ReturnHeldReplyForm(forms.Form):
    note = RETURN_NOTE.form_field(
        widget=forms.Textarea(attrs={"rows": 3}),
        label="What should the rep change?",
        help_text="Sent to the rep with their draft; only staff see it.",
    )
