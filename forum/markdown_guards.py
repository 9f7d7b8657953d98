"""Make markdown-it-py's worst inputs cheap, without changing what any input renders to.

Anyone can make the renderer work (the preview, every post), so what it costs must follow
the length of what was typed, not its shape. Measured with bench/markdown_worst.py against
prose of the same length (issue 24):

- `parse_link_label`: for every "[" the library scans to the end of the paragraph through
  every inline rule, nested up to maxNesting, looking for its "]"; "![" x 15,000 took 1.2 s.
  Where no "]" follows at all, the answer is known at once.
- `parse_link_destination`: the library reads a link's destination a character at a time in
  Python, up to 32 nested "(" each time; "![a](" repeated took 9 times as long as prose.
  The same rules, jumping from one character that matters to the next with a regex.
- Tables: a header of many columns over many one-character rows made 650 kB of empty cells
  out of 4 kB (a second of rendering); the rows stop at `TABLE_AUTOCOMPLETED_CELLS` empty
  cells made up for missing ones, as the library's own limit (65,536) does far later.

Each replacement is checked against the library's own function on many generated inputs
(tests/forum/test_markdown_worst_case.py).
"""

import html
import importlib
import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from types import SimpleNamespace

from markdown_it import helpers
from markdown_it.common.utils import unescapeAll

# The module (markdown_it.rules_block exports the rule function under the same name).
_table_rule = importlib.import_module("markdown_it.rules_block.table")

# Empty cells a table may make up for rows shorter than its header before it ends there (the
# library's own limit is 65,536: a 256 x 256 square of them). A real table never comes near.
TABLE_AUTOCOMPLETED_CELLS = 2_000


def parse_link_label(state, start: int, disableNested: bool = False) -> int:
    last = state.__dict__.get("_last_close_bracket")
    if last is None:
        last = state._last_close_bracket = state.src.rfind("]")
    if last <= start:
        return -1  # no "]" anywhere after the "[": never a label
    return helpers.parseLinkLabel(state, start, disableNested)


class _Destination:
    __slots__ = ("ok", "pos", "str")

    def __init__(self) -> None:
        self.ok = False
        self.pos = 0
        self.str = ""


# What the destination's loop acts on: spaces and controls end it, parentheses nest, a
# backslash escapes. Everything else is skipped.
_DESTINATION_STOPS = re.compile(r"[\x00-\x20\x7f()\\]")


def parse_link_destination(string: str, pos: int, maximum: int) -> _Destination:
    if string.startswith("<", pos):
        return helpers.parseLinkDestination(string, pos, maximum)  # <...>: stops at the next "<", ">" or line
    start, level, result = pos, 0, _Destination()
    end = min(maximum, len(string))
    while True:
        stop = _DESTINATION_STOPS.search(string, pos, end)
        if stop is None:
            pos = end
            break
        pos = stop.start()
        char = string[pos]
        if char == "\\" and pos + 1 < maximum:
            if string.startswith(" ", pos + 1):
                break
            pos += 2
            continue
        if char == "(":
            level += 1
            if level > 32:
                return result
        elif char == ")":
            if level == 0:
                break
            level -= 1
        elif char != "\\":
            break  # a space or a control character
        pos += 1
    if start == pos or level != 0:
        return result
    result.str = unescapeAll(string[start:pos])
    result.pos = pos
    result.ok = True
    return result


class TooIntricate(Exception):
    """The text would cost more to format than its length allows (`work_budget`)."""


_budget: ContextVar[list[int] | None] = ContextVar("markdown_work_budget", default=None)


def work_budget(source: str) -> int:
    """What formatting `source` may cost, in units of characters read by the inline parser,
    tokens skipped looking for the end of a link's label, and block rules tried. Prose,
    lists, quotes, tables and links use at most a third of it (a list of one-letter items,
    the densest, a half: tests/forum/test_markdown_worst_case.py); shapes that make the
    parser go back over the same text again and again run out."""
    return WORK_PER_CHARACTER * len(source) + WORK_PER_LINE * source.count("\n") + WORK_ALLOWANCE


WORK_PER_CHARACTER = 4
WORK_PER_LINE = 32  # every block rule is tried on each line, and asked whether it ends a paragraph
WORK_ALLOWANCE = 20_000


def output_limit(source: str) -> int:
    """The most HTML `source` may become: a reference to a long address used thousands of
    times made 17 MB out of 30 kB, which every reader of the post would then download."""
    return OUTPUT_PER_CHARACTER * len(source) + OUTPUT_ALLOWANCE


OUTPUT_PER_CHARACTER = 10
OUTPUT_ALLOWANCE = 50_000

TOO_INTRICATE = "Shown as typed: this text is too intricate to format."


def as_typed(source: str) -> str:
    """The text as typed, in paragraphs, for what is too intricate to format: linear, and
    escaped like everything else (the sanitiser still runs after it)."""
    paragraphs = [part.strip("\n") for part in re.split(r"\n\s*\n", source) if part.strip()]
    body = "".join(f"<p>{html.escape(part).replace(chr(10), '<br>' + chr(10))}</p>\n" for part in paragraphs)
    return f"<p><em>{TOO_INTRICATE}</em></p>\n{body}"


def _charge(units: int) -> None:
    left = _budget.get()
    if left is not None:
        left[0] -= units
        if left[0] < 0:
            raise TooIntricate


@contextmanager
def budgeted(source: str) -> Iterator[None]:
    """Count the parser's work while formatting `source`; past `work_budget` it raises
    TooIntricate. Deterministic: the same text always gets the same answer."""
    token = _budget.set([work_budget(source)])
    try:
        yield
    finally:
        _budget.reset(token)


def work_of(markdown, source: str) -> int:
    """The work units formatting `source` takes, without a budget (tests and bench/)."""
    unlimited = 2**62
    token = _budget.set([unlimited])
    try:
        markdown.render(source)
        return unlimited - _budget.get()[0]
    finally:
        _budget.reset(token)


def _counting(parser, name: str, cost) -> None:
    original = getattr(parser, name)

    def counted(*args):
        _charge(cost(*args))
        return original(*args)

    setattr(parser, name, counted)  # on this instance only


def _counting_rules(ruler) -> None:
    """Block parsing: charge every rule tried, on a line or as a check whether a line ends
    the block before it (a table's rows and a quote's lazy lines ask every other rule)."""
    original = ruler.getRules
    wrapped: dict[str, list] = {}

    def counted(rule):
        def run(*args):
            _charge(1)
            return rule(*args)

        return run

    def get_rules(chain: str) -> list:
        rules = original(chain)
        if chain not in wrapped or wrapped[chain][0] is not rules:
            wrapped[chain] = [rules, [counted(rule) for rule in rules]]
        return wrapped[chain][1]

    ruler.getRules = get_rules


def harden(markdown) -> None:
    """Give this MarkdownIt instance the cheap helpers (the library's module stays as it is
    for anyone else) and the tables' smaller limit."""
    markdown.helpers = SimpleNamespace(
        parseLinkLabel=parse_link_label,
        parseLinkDestination=parse_link_destination,
        parseLinkTitle=helpers.parseLinkTitle,
    )
    # The library reads its limit from its module when a table is parsed; this process
    # renders Markdown only through forum/markdown.py.
    _table_rule.MAX_AUTOCOMPLETED_CELLS = TABLE_AUTOCOMPLETED_CELLS
    # The work counted against `budgeted()`: what the block parser reads (every nested
    # blockquote or list reads its lines again), what the inline parser reads, and every
    # token skipped while looking for the end of a link's label.
    _counting_rules(markdown.block.ruler)
    _counting(markdown.inline, "tokenize", lambda state: state.posMax - state.pos)
    _counting(markdown.inline, "skipToken", lambda state: 1)
