"""Input validation and clear messages for private cases."""

import dataclasses

from django import forms

from forum import validation
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


# The public note is a reply under the question (cases/actions.py), so it keeps a reply's
# limits, in words that name it.
PUBLIC_NOTE = dataclasses.replace(
    validation.REPLY_BODY,
    required="Write the public resolution note: everyone with the same problem reads it.",
    too_long="A resolution note is short: at most {max:,} characters (you have {n}).",
)


class ResolveForm(forms.Form):
    summary = BodyField(
        min_length=ANSWER_MIN,
        label="Summary for the customer (private)",
        help_text="What was wrong and what was done. The customer reads it with the invitation.",
    )
    # Closing the loop in public (issue 27): everyone else with the problem reads this.
    public_note = PUBLIC_NOTE.form_field(
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Resolution note for the thread (public)",
        help_text="What was wrong and what was done, for everyone with the same problem. No names, account "
        "numbers, addresses or anything said in private: it is posted on the thread and sent to its followers.",
    )

    def clean_public_note(self) -> str:
        note = self.cleaned_data["public_note"]
        if errors := PUBLIC_NOTE.errors(note):
            raise forms.ValidationError(errors)
        return PUBLIC_NOTE.cleaned(note)


class UpdateForm(forms.Form):
    body = BodyField(
        min_length=ANSWER_MIN,
        label="Your update, posted in the public thread",
        help_text="Tell others with the same problem what fixed it. Everyone can read this.",
    )


class AcceptForm(forms.Form):
    post = forms.IntegerField(min_value=1, error_messages={"required": "Choose the answer to accept."})
