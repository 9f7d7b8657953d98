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
            raise forms.ValidationError(
                "Keep this to one line of plain text: no line breaks, tabs or control characters."
            )
