"""The renderer's worst inputs are cheap (issue 24): what formatting costs follows the length
of what was typed, not its shape. Work is counted in the parser's own units
(forum/markdown_guards.py), never timed; bench/markdown_worst.py has the milliseconds."""

import random
from pathlib import Path

import pytest
from markdown_it import MarkdownIt, helpers

from forum.markdown import _cleaner, _demote_headings, _markdown, render_markdown
from forum.markdown_guards import (
    TABLE_AUTOCOMPLETED_CELLS,
    TOO_INTRICATE,
    output_limit,
    parse_link_destination,
    work_budget,
    work_of,
)
from tests.xss_corpus import PAYLOADS

ROOT = Path(__file__).resolve().parents[2]
LENGTH = 30_000  # what a post may hold (forum/forms.py BODY_MAX)


def repeat(unit: str, length: int = LENGTH) -> str:
    return (unit * (length // len(unit) + 1))[:length]


def unguarded(source: str) -> str:
    """What the pipeline made before the guards: the library's own helpers."""
    plain = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    return _cleaner.clean(_demote_headings(plain.enable(["table", "strikethrough"]).render(source)))


def test_image_openers_repeated_15000_times_render_as_before_with_linear_work():
    source = "![" * 15_000
    assert render_markdown(source) == unguarded(source)
    # Before: every "[" scanned to the end of the paragraph through every rule, 1.2 s.
    assert work_of(_markdown, source) <= 2 * len(source)


@pytest.mark.parametrize("unit", ["[", "![", "[!", "![[", "[a](", "![a](", "*a", "*_", "` a", "<", "&", "\\"])
def test_runs_of_markup_characters_cost_at_most_two_units_a_character(unit):
    source = repeat(unit)
    assert work_of(_markdown, source) <= 2 * len(source)
    assert TOO_INTRICATE not in render_markdown(source)


def test_the_cheap_link_destination_gives_the_librarys_answer_on_generated_text():
    rng = random.Random(24)
    alphabet = "ab()\\ <>\t\n\x7f\x01:/"
    for _ in range(5_000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
        start = rng.randint(0, len(text))
        end = rng.randint(start, len(text))
        ours, theirs = parse_link_destination(text, start, end), helpers.parseLinkDestination(text, start, end)
        assert (ours.ok, ours.pos, ours.str) == (theirs.ok, theirs.pos, theirs.str), (text, start, end)


def test_generated_markdown_within_its_budget_renders_exactly_as_before():
    rng = random.Random(2024)
    pieces = [*"[]()!*_`<>&\\|-:#~ a\n\"'", "\n\n", "](", "![", "**", "\n|-|\n", "\n> ", "\n- ", "    "]
    for _ in range(300):
        source = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 400)))
        rendered = render_markdown(source)
        if TOO_INTRICATE not in rendered:
            assert rendered == unguarded(source), source


def test_the_xss_corpus_renders_exactly_as_before():
    for payload in PAYLOADS:
        assert render_markdown(payload) == unguarded(payload)


@pytest.mark.parametrize(
    "source",
    [
        repeat("*\n|-|\n](\n> ", 8_000),  # tables in lazy quote lines: 22 s for 30,000 characters
        repeat("[a]["),  # labels nested in labels, up to maxNesting, from every "["
        "[" * 15_000 + "]" * 15_000,
    ],
    ids=["tables in lazy quotes", "nested reference labels", "nested brackets"],
)
def test_text_that_makes_the_parser_go_over_itself_again_and_again_is_shown_as_typed(source):
    assert work_of(_markdown, source) > work_budget(source)
    shown = render_markdown(source + "\n\n<script>alert(1)</script>")
    assert shown.startswith(f"<p><em>{TOO_INTRICATE}</em></p>")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in shown
    assert "<script>" not in shown


def test_a_long_address_referenced_thousands_of_times_does_not_grow_past_the_limit():
    source = "[x]: https://example.com/" + "a" * 2_000 + "\n\n" + repeat("[x]", 27_000)
    shown = render_markdown(source)
    assert TOO_INTRICATE in shown  # 17 MB of links before
    assert len(shown) < output_limit(source)


def test_a_table_makes_up_a_bounded_number_of_empty_cells():
    header = "|" + "a|" * 100 + "\n|" + "-|" * 100 + "\n"
    shown = render_markdown(header + "|\n" * 2_000)
    assert shown.count("<td></td>") <= TABLE_AUTOCOMPLETED_CELLS + 100  # 650 kB of them before


@pytest.mark.parametrize(
    "source",
    [
        repeat("- a\n"),  # the densest legitimate shape: a list of one-letter items
        "|a|b|c|\n|-|-|-|\n" + repeat("|1|2|3|\n", LENGTH - 16),
        repeat("> quoted\nlazy line\n"),
        repeat('See [the docs](https://example.com/a_(b)) and ![a](https://x.y/z.png "t"). '),
        (ROOT / "README.md").read_text()[:LENGTH],
        (ROOT / "docs" / "design.md").read_text()[:LENGTH],
    ],
    ids=["list", "table", "lazy quotes", "links and images", "README", "design notes"],
)
def test_long_real_documents_are_formatted_using_at_most_half_their_budget(source):
    assert work_of(_markdown, source) <= work_budget(source) / 2
    shown = render_markdown(source)
    assert TOO_INTRICATE not in shown
    assert shown == unguarded(source)
