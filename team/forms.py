"""Input for the team's pages: validation and messages only (rules: team/permissions.py)."""

from allauth.account.models import EmailAddress
from django import forms
from taggit.models import Tag

from config.text import OneLineField
from forum.forms import TAG_MAX, TAG_NAME
from responses import priority
from responses.models import SecondLook
from team.actions import ROLE_NAMES

LAG_MAX_MINUTES = 7 * 24 * 60  # a week: a longer promise is no promise

DESCRIPTION_MAX = 500


class LagField(forms.IntegerField):
    def __init__(self, **kwargs):
        super().__init__(
            min_value=1,
            max_value=LAG_MAX_MINUTES,
            label="Lag (minutes)",
            error_messages={
                "required": "Give the lag in minutes.",
                "invalid": "Give the lag as a whole number of minutes.",
                "min_value": "A lag is at least 1 minute.",
                "max_value": f"A lag is at most {LAG_MAX_MINUTES:,} minutes (a week).",
            },
            **kwargs,
        )


class DefaultLagForm(forms.Form):
    minutes = LagField(help_text="How long a thread in a tag with no lag of its own may wait for a first response.")


class QueueWeightsForm(forms.Form):
    """How much anger and velocity count in the queue's priority, and what makes a spike."""

    heat_weight = forms.FloatField(
        min_value=0,
        max_value=priority.HEAT_WEIGHT_MAX,
        label="Heat: points for the angriest question",
        help_text=f"0 to {priority.HEAT_WEIGHT_MAX:.0f}. A question reading half as negative gets half.",
    )
    velocity_weight = forms.FloatField(
        min_value=0,
        max_value=priority.VELOCITY_WEIGHT_MAX,
        label="Velocity: points for a thread people are joining fast",
        help_text=f"0 to {priority.VELOCITY_WEIGHT_MAX:.0f}, all of it at about 15 “me too”s and votes lately.",
    )
    spike_me_toos = forms.IntegerField(
        min_value=2, max_value=500, label="A spike is this many “me too”s", help_text="2 to 500."
    )
    spike_minutes = forms.IntegerField(
        min_value=5, max_value=1440, label="within this many minutes", help_text="5 to 1,440 (a day)."
    )

    def weights(self) -> dict:
        return {name: self.cleaned_data[name] for name in ("heat_weight", "velocity_weight")}


class SecondLookForm(forms.Form):
    mode = forms.ChoiceField(
        choices=SecondLook.choices,
        widget=forms.RadioSelect,
        label="A rep's official reply on a hot thread",
        error_messages={"required": "Choose one.", "invalid_choice": "Choose one of the three."},
    )


class TagLagForm(forms.Form):
    tag = forms.ModelChoiceField(
        queryset=Tag.objects.order_by("name"),
        empty_label="Choose a tag",
        error_messages={"required": "Choose a tag.", "invalid_choice": "Choose a tag from the list."},
    )
    minutes = LagField(help_text="A thread takes the shortest lag among its tags.")


class TagNameField(OneLineField):
    """A tag name that members' tags box accepts (forum.forms.AskForm) and no tag has yet."""

    def __init__(self, *, renaming: Tag | None = None, label: str = "Name", **kwargs):
        self.renaming = renaming
        super().__init__(
            max_length=TAG_MAX,
            label=label,
            help_text=f"Letters a-z, digits and single hyphens, {TAG_MAX} characters at most.",
            error_messages={"required": "Give the tag a name."},
            **kwargs,
        )

    def clean(self, value):
        name = super().clean(value).lower()
        if not TAG_NAME.fullmatch(name):
            raise forms.ValidationError("Use letters a-z, digits and single hyphens only, e.g. “mesh-wifi”.")
        taken = Tag.objects.filter(name=name)
        if self.renaming is not None:
            taken = taken.exclude(pk=self.renaming.pk)
        if taken.exists():
            raise forms.ValidationError(f"There is already a tag “{name}”: merge into it instead.")
        return name


class DescriptionField(forms.CharField):
    def __init__(self, **kwargs):
        super().__init__(
            max_length=DESCRIPTION_MAX,
            required=False,
            strip=True,
            widget=forms.Textarea(attrs={"rows": 2}),
            help_text="Shown on the tag's page: what belongs here.",
            **kwargs,
        )


class TagCreateForm(forms.Form):
    name = TagNameField()
    description = DescriptionField()


class TagRenameForm(forms.Form):
    def __init__(self, *args, tag: Tag, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"] = TagNameField(renaming=tag, initial=tag.name, label="New name")


class TagDescribeForm(forms.Form):
    description = DescriptionField()


class TagMergeForm(forms.Form):
    def __init__(self, *args, tag: Tag, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["into"] = forms.ModelChoiceField(
            queryset=Tag.objects.exclude(pk=tag.pk).order_by("name"),
            label="Merge into",
            empty_label="Choose a tag",
            help_text="Its threads, reputation and reps move to the tag you choose; this tag is deleted.",
            error_messages={
                "required": "Choose the tag to merge into.",
                "invalid_choice": "Choose a tag from the list.",
            },
        )


class GrantRoleForm(forms.Form):
    email = forms.EmailField(
        max_length=254,
        help_text="The email address they confirmed when they signed up.",
        error_messages={"required": "Give their email address.", "invalid": "That is not an email address."},
    )
    role = forms.ChoiceField(
        choices=[(role, name.capitalize()) for role, name in ROLE_NAMES.items()],
        error_messages={"required": "Choose a role.", "invalid_choice": "Choose a role from the list."},
    )

    def clean(self):
        """Finds the member behind a confirmed address (cleaned_data["member"]): a role never
        goes to an address nobody proved is theirs."""
        cleaned = super().clean()
        email = cleaned.get("email")
        if email:
            address = (
                EmailAddress.objects.filter(email__iexact=email, verified=True, user__is_active=True)
                .select_related("user")
                .first()
            )
            if address is None:
                self.add_error(
                    "email", f"Nobody has confirmed {email} here. Ask them to sign up (or confirm their address) first."
                )
            else:
                cleaned["member"] = address.user
        return cleaned


class RevokeRoleForm(forms.Form):
    role = forms.ChoiceField(choices=list(ROLE_NAMES.items()))
    # Revoking is confirmed on a page that says what the person gives back (team/views.py).
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)


class SavedReplyForm(forms.Form):
    name = forms.CharField(max_length=100, strip=True, label="Name (what reps pick it by)")
    tag = forms.ModelChoiceField(
        queryset=Tag.objects.order_by("name"),
        required=False,
        empty_label="Every thread",
        label="For threads tagged",
    )
    body = forms.CharField(
        min_length=10,
        max_length=5_000,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 6}),
        label="Reply",
        help_text="Markdown. {asker} becomes the asker's name and {title} the thread's title; the rep edits it "
        "before posting.",
    )


class DeleteSavedReplyForm(forms.Form):
    confirm = forms.BooleanField(
        label="Delete this saved reply for good",
        error_messages={"required": "Tick the box to confirm: a deleted saved reply cannot be brought back."},
    )
