from django import forms


class DismissForm(forms.Form):
    reason = forms.CharField(
        max_length=500,
        min_length=5,
        strip=True,
        widget=forms.TextInput,
        help_text="Kept and shown to leads, e.g. “duplicate of a solved thread” or “not a product question”.",
        error_messages={"required": "Say why this thread needs no official reply.", "min_length": "Say a little more."},
    )


class QueueFilterForm(forms.Form):
    tag = forms.SlugField(required=False)
    mine = forms.BooleanField(required=False)
