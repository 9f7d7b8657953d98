"""Input validation and clear messages for private cases."""

from django import forms

from forum.forms import ANSWER_MIN, BodyField

MESSAGE_MIN = 2  # "Thanks!" is a whole message in a conversation


class OpenCaseForm(forms.Form):
    body = BodyField(
        min_length=ANSWER_MIN,
        label="Your first message to the asker",
        help_text="Only the asker and the representatives team will read this. Markdown works.",
    )


class MessageForm(forms.Form):
    body = BodyField(min_length=MESSAGE_MIN, label="Your message")


class ResolveForm(forms.Form):
    summary = BodyField(
        min_length=ANSWER_MIN,
        label="Summary for the customer",
        help_text="What was wrong and what was done. The customer reads it with the invitation.",
    )


class UpdateForm(forms.Form):
    body = BodyField(
        min_length=ANSWER_MIN,
        label="Your update, posted in the public thread",
        help_text="Tell others with the same problem what fixed it. Everyone can read this.",
    )


class AcceptForm(forms.Form):
    post = forms.IntegerField(min_value=1, error_messages={"required": "Choose the answer to accept."})
