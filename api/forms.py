"""Input validation for the token pages; no rules about who may act."""

from django import forms

from api.models import ApiToken
from config.text import OneLineField


class TokenForm(forms.Form):
    name = OneLineField(
        max_length=80,
        strip=True,
        help_text="What the token is for, e.g. “help desk sync”: you will see it in the list.",
        error_messages={"required": "Name the token so you can tell it apart later."},
    )
    scope = forms.ChoiceField(
        choices=ApiToken.Scope.choices,
        initial=ApiToken.Scope.READ,
        widget=forms.RadioSelect,
        label="What it may do",
        help_text="A read-only token cannot post, vote, flag or change anything.",
    )


class RevokeForm(forms.Form):
    token = forms.IntegerField(min_value=1, max_value=2**63 - 1)
