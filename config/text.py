"""One-line text members type (titles, tags, display names): what it may contain, and the
form field that enforces it. Shared by every app (accounts' display names, forum's titles
and tags, notification subjects), so it imports none of them.

Control characters (a newline in a title) break email headers and layouts; bidi controls
and zero-width characters make look-alikes ("wifi" followed by U+202E is not "wifi"). The
first are refused with a message, the second silently removed, since nobody types them on
purpose.
"""

import re
import unicodedata
from dataclasses import dataclass

from django import forms

# Bidi embeddings, overrides and isolates, marks, and zero-width characters.
INVISIBLE = re.compile("[\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
LINE_BREAKS_AND_CONTROLS = {"Cc", "Zl", "Zp"}


def strip_invisible(text: str) -> str:
    return INVISIBLE.sub("", text)


def has_control_characters(text: str) -> bool:
    """Newlines, tabs, NUL and other C0/C1 controls, and Unicode line/paragraph separators."""
    return any(unicodedata.category(char) in LINE_BREAKS_AND_CONTROLS for char in text)


def one_line(text: str) -> str:
    """Any text made safe for a single line such as an email subject: controls become
    spaces, invisible characters go, runs of white space fold to one."""
    text = strip_invisible(text)
    text = "".join(" " if unicodedata.category(char) in LINE_BREAKS_AND_CONTROLS else char for char in text)
    return " ".join(text.split())


def comparable(name: str) -> str:
    """A name reduced to what a reader sees: compatibility forms folded (full-width,
    ligatures), case folded, and only letters and digits kept, so that "Rita (Brightwave)"
    and "rita brightwave" compare equal."""
    folded = unicodedata.normalize("NFKC", strip_invisible(name)).casefold()
    return "".join(char for char in folded if char.isalnum())


class OneLineField(forms.CharField):
    """A title or a name: one line, no control characters, invisible characters removed."""

    def to_python(self, value):
        value = strip_invisible(super().to_python(value))
        return value.strip() if self.strip else value

    def validate(self, value):
        super().validate(value)
        if has_control_characters(value):
            raise forms.ValidationError(ONE_LINE_REFUSED)


ONE_LINE_REFUSED = "Keep this to one line of plain text: no line breaks, tabs or control characters."
NUL_REFUSED = "Null characters are not allowed."


@dataclass(frozen=True)
class TextRule:
    """What a piece of text a member writes must be (a title, a body, a reason), said once for
    every door: the use case validates with it, the page's form field shows its limits to
    the browser (form_field), the API's schema states it (api/inputs.py). The least counts
    the text stripped of white space at its ends (and, for one line, of invisible
    characters); the most counts it as sent, as a browser's maxlength counts what is typed
    and the schema's maxLength what is sent; `{n}` in a message is the length counted."""

    min: int
    max: int
    required: str = "This field is required."
    too_short: str = "Ensure this value has at least {min} characters (it has {n})."
    too_long: str = "Ensure this value has at most {max} characters (it has {n})."
    one_line: bool = False
    optional: bool = False

    def cleaned(self, value: str) -> str:
        value = strip_invisible(value) if self.one_line else value
        return value.strip()

    def errors(self, sent: str) -> list[str]:
        """What is wrong with the text as sent (empty: nothing)."""
        value = self.cleaned(sent)
        if not value:
            return [] if self.optional else [self.required]
        if self.one_line and has_control_characters(value):
            return [ONE_LINE_REFUSED]
        found = []
        if len(value) < self.min:
            found.append(self.too_short.format(min=self.min, max=self.max, n=len(value)))
        if len(sent) > self.max:
            found.append(self.too_long_for(sent))
        if "\x00" in value:
            found.append(NUL_REFUSED)
        return found

    def too_long_for(self, value: str) -> str:
        return self.too_long.format(min=self.min, max=self.max, n=len(value))

    def form_field(self, **kwargs) -> forms.CharField:
        """The page's field: it only carries the text (a NUL, which no text may hold, is
        refused by Django on the way in) and tells the browser the limits; the use case
        says what is wrong."""
        field = forms.CharField(required=False, strip=False, **kwargs)
        # The limits as the field's own, for the browser (and whoever reads the form), set
        # after it is made so that Django adds no validators of its own for them.
        field.max_length, field.min_length = self.max, self.min or None
        field.widget.attrs.update(field.widget_attrs(field.widget))
        if not self.optional:
            field.widget.attrs["required"] = True
        return field
