from django import forms

from config.events import EVENTS

EVENT_CHOICES = [(event, event) for event in EVENTS]


class SubscriptionForm(forms.Form):
    url = forms.URLField(
        label="Receiver URL",
        max_length=2000,
        assume_scheme="https",
        help_text="Where each event is POSTed, as signed JSON. It must be public and https.",
        error_messages={
            "required": "Give the receiver's URL.",
            "invalid": "Give a full URL, like https://hooks.example.com/helpcircle.",
        },
    )
    events = forms.MultipleChoiceField(
        choices=EVENT_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one event.", "invalid_choice": "Choose events from the list."},
    )
