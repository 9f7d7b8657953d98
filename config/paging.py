"""Pages of long lists without counting them.

A forum's thread list is read far more often than it changes, and COUNT(*) over 100,000
threads costs PostgreSQL 100 ms on every request (it cannot answer from an index while it
must check each row is visible). A list page only needs to know whether there is a next
page: it asks for one row more than it shows. The page's rows are then loaded by id, so that
what each row shows (annotations, subqueries) is computed for those rows only, never for
the whole table the planner might otherwise hash.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from django.db.models import QuerySet

# A page number past this is no page of ours: OFFSET would make the database walk that far.
MOST_PAGES = 1_000


def page_number(raw: str | None) -> int:
    """The page asked for: a positive whole number (six digits at most), else the first page."""
    if raw and raw.isascii() and raw.isdigit() and len(raw) <= 6:
        return max(1, int(raw))
    return 1


class OpenEndedPage(Sequence):
    """What templates/_pagination.html reads of a Django Page, without a total."""

    paginator = None

    def __init__(self, object_list: list, *, number: int, has_next: bool):
        self.object_list, self.number, self._has_next = object_list, number, has_next

    def __getitem__(self, index):
        return self.object_list[index]

    def __len__(self) -> int:
        return len(self.object_list)

    def has_next(self) -> bool:
        return self._has_next

    def has_previous(self) -> bool:
        return self.number > 1

    def has_other_pages(self) -> bool:
        return self.has_next() or self.has_previous()

    def next_page_number(self) -> int:
        return self.number + 1

    def previous_page_number(self) -> int:
        return self.number - 1


def open_ended_page(
    ordered: QuerySet, *, raw_number: str | None, per_page: int, load: Callable[[list[int]], Iterable]
) -> OpenEndedPage:
    """The page `raw_number` of `ordered` (a QuerySet in its final order), its rows loaded
    by `load(ids)` (one query or a few, whatever the page shows) and kept in that order.
    A number past the end gives an empty page that links back."""
    number = page_number(raw_number)
    if number > MOST_PAGES:
        return OpenEndedPage([], number=number, has_next=False)
    start = (number - 1) * per_page
    ids = list(ordered.values_list("pk", flat=True)[start : start + per_page + 1])
    has_next, ids = len(ids) > per_page, ids[:per_page]
    loaded = {row.pk: row for row in load(ids)} if ids else {}
    return OpenEndedPage([loaded[pk] for pk in ids if pk in loaded], number=number, has_next=has_next)
