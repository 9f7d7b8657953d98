"""Cursor pagination: 20 items a page, up to 100 with ?page_size= (a page size that is not a
whole number from 1 is a 400), and a cursor that cannot be steered into a bad query (a
position that is not a date or a number is a 404)."""

import base64
import unicodedata

from django.db import models
from django.utils.dateparse import parse_datetime
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import CursorPagination
from rest_framework.response import Response

from config.site import absolute_url

PAGE_SIZE, MAX_PAGE_SIZE = 20, 100
MAX_CURSOR_LENGTH = 200  # a real cursor is under 80 characters
PAGE_SIZE_REFUSED = f"A whole number from 1 ({PAGE_SIZE} by default, {MAX_PAGE_SIZE} at most)."


class ListCursorPagination(CursorPagination):
    """Ordered by the view's `ordering` (the tab's): its first field is the cursor's position."""

    page_size = PAGE_SIZE
    max_page_size = MAX_PAGE_SIZE
    page_size_query_param = "page_size"
    ordering = ("-created_at", "-pk")

    def get_ordering(self, request, queryset, view):
        return tuple(getattr(view, "cursor_ordering", None) or self.ordering)

    def get_page_size(self, request) -> int:
        """Absent, the default; a whole number from 1, at most max_page_size; anything else is
        a 400 naming the parameter (DRF would quietly give the default)."""
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        if not (raw.isascii() and raw.isdigit()) or int(raw) < 1:
            raise ValidationError({self.page_size_query_param: [PAGE_SIZE_REFUSED]})
        return min(int(raw), self.max_page_size)

    def paginate_queryset(self, queryset, request, view=None):
        self.model = queryset.model  # decode_cursor checks the position against its field
        page = super().paginate_queryset(queryset, request, view)
        self.base_url = absolute_url(request.get_full_path())  # the links: on the site (config/site.py)
        return page

    def decode_cursor(self, request):
        encoded = request.query_params.get(self.cursor_query_param)
        if encoded is not None and len(encoded) > MAX_CURSOR_LENGTH:
            raise NotFound(self.invalid_cursor_message)
        cursor = super().decode_cursor(request)
        field = self.model._meta.get_field(self.ordering[0].lstrip("-"))
        if cursor is not None and cursor.position is not None and not _position_is_valid(field, cursor.position):
            raise NotFound(self.invalid_cursor_message)
        return cursor

    def get_paginated_response(self, data):
        return Response({"next": self.get_next_link(), "previous": self.get_previous_link(), "results": data})

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "required": ["results"],
            "properties": {
                "next": {"type": "string", "nullable": True, "format": "uri"},
                "previous": {"type": "string", "nullable": True, "format": "uri"},
                "results": schema,
            },
        }


def _position_is_valid(field: models.Field, position: str) -> bool:
    """Our orderings start with a date or a name: a date must parse, a name fit its column.
    No position of ours holds a control character; PostgreSQL refuses NUL in a query (a
    500), and the cursor's base64 hides it from the middleware that refuses it elsewhere."""
    if any(unicodedata.category(character) == "Cc" for character in position):
        return False
    if isinstance(field, models.DateTimeField):
        try:
            parsed = parse_datetime(position)
        except ValueError:
            return False
        return parsed is not None and parsed.tzinfo is not None  # we only ever give aware ones
    return len(position) <= (field.max_length or 0)


class OffsetCursor:
    """For search: its results are a ranked window of at most 500 (forum/search.py), paged by
    an opaque cursor holding the offset."""

    def __init__(self, request, *, total: int, page_size: int = PAGE_SIZE):
        self.request, self.total, self.page_size = request, total, page_size
        self.offset = self._decode(request.query_params.get("cursor"))

    def _decode(self, encoded: str | None) -> int:
        if not encoded:
            return 0
        try:
            if len(encoded) > MAX_CURSOR_LENGTH:
                raise ValueError
            offset = int(base64.urlsafe_b64decode(encoded.encode("ascii")).decode("ascii"))
        except (ValueError, UnicodeError):
            raise NotFound("Invalid cursor") from None
        if not 0 <= offset <= self.total:
            raise NotFound("Invalid cursor")
        return offset

    def link(self, offset: int) -> str:
        cursor = base64.urlsafe_b64encode(str(offset).encode()).decode()
        query = self.request.query_params.copy()
        query["cursor"] = cursor
        return absolute_url(f"{self.request.path}?{query.urlencode()}")

    def response(self, data) -> Response:
        end = self.offset + self.page_size
        return Response(
            {
                "next": self.link(end) if end < self.total else None,
                "previous": self.link(max(self.offset - self.page_size, 0)) if self.offset else None,
                "results": data,
            }
        )
