"""JSON bodies the rest of the site can store. JSON may spell a lone UTF-16 surrogate
("\ud800"), which Python decodes into a str that neither PostgreSQL nor SQLite can encode (a
500 at the first save), and may nest deeper than Python's recursion limit (a RecursionError,
which DRF's parser does not catch). Both are a 400 `parse_error` here, before any view."""

from rest_framework import parsers
from rest_framework.exceptions import ParseError

LONE_SURROGATE = "JSON parse error - text holds a lone surrogate (\\ud800-\\udfff), which is not a character."
TOO_DEEP = "JSON parse error - nested too deeply."


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(TOO_DEEP) from None
        if _holds_lone_surrogate(data):
            raise ParseError(LONE_SURROGATE)
        return data


def _holds_lone_surrogate(data) -> bool:
    """Walks the parsed value without recursion (it may be deep); strings are checked by
    encoding them, at C speed."""
    waiting = [data]
    while waiting:
        value = waiting.pop()
        if isinstance(value, str):
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                return True
        elif isinstance(value, dict):
            waiting.extend(value.keys())
            waiting.extend(value.values())
        elif isinstance(value, list):
            waiting.extend(value)
    return False
