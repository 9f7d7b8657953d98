"""Erasing a member who leaves: what identifies them, and how every app takes it out of the
rows where it was copied (a notification that says "Rita answered", a log reason quoting an
email). Each app does its own part when accounts.signals.account_deleting reaches it; this
module gives them the one way to find and replace the member's names.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.db.models import Q, QuerySet

# What a member who left is called wherever their name was (User.name, the user-link tag).
FORMER_MEMBER = "a former member"
# Shorter strings than this are not looked for: they would match inside everything.
SHORTEST_NAME = 2


@dataclass(frozen=True)
class Names:
    """The strings that identify a member in text other rows copied: their username, display
    name and every email address they had."""

    strings: tuple[str, ...]

    @classmethod
    def of(cls, *strings: str) -> Names:
        kept = {string.strip() for string in strings if len(string.strip()) >= SHORTEST_NAME}
        # Longest first, so that an email is replaced whole before the username inside it.
        return cls(tuple(sorted(kept, key=lambda string: (-len(string), string))))

    def __bool__(self) -> bool:
        return bool(self.strings)

    @property
    def pattern(self) -> re.Pattern[str]:
        """Each string as a whole word, any case: "Ada" in "Ada answered", not in "Adapter"."""
        words = "|".join(re.escape(string) for string in self.strings)
        return re.compile(rf"(?<!\w)(?:{words})(?!\w)", re.IGNORECASE)

    def mentioned_in(self, fields: Iterable[str]) -> Q:
        """Rows whose `fields` may mention a name (a substring match the database can do;
        scrub() then replaces whole words only)."""
        return reduce(or_, (Q(**{f"{field}__icontains": string}) for field in fields for string in self.strings))

    def scrub(self, text: str) -> str:
        return self.pattern.sub(FORMER_MEMBER, text)


def scrub_rows(
    queryset: QuerySet,
    fields: list[str],
    names: Names,
    *,
    update: Callable[..., object] | None = None,
) -> int:
    """Replace the names in `fields` of every row of `queryset` that mentions them; returns
    how many rows changed. `update(pk, **values)` writes a row (an append-only log passes its
    own explicit erasure path). Call inside the deletion's transaction."""
    if not names:
        return 0
    write = update or (lambda pk, **values: queryset.model._base_manager.filter(pk=pk).update(**values))
    changed = 0
    for row in queryset.filter(names.mentioned_in(fields)).values("pk", *fields):
        values = {field: names.scrub(row[field]) for field in fields if row[field]}
        values = {field: value for field, value in values.items() if value != row[field]}
        if values:
            write(row["pk"], **values)
            changed += 1
    return changed
