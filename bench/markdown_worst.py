"""What the Markdown renderer's worst inputs cost, against prose of the same length (issue 24).

    .venv/bin/python -m bench.markdown_worst [--length 30000] [--repeat 3] [--unguarded]

Each input is rendered through forum.markdown.render_markdown (the preview's and every
post's pipeline), best of `--repeat` runs, in CPU time (the machine may be busy). The
columns: milliseconds, the multiple of prose of the same length, the parser's work units per
character (forum/markdown_guards.py) and whether the text was shown as typed. `--unguarded`
renders with a plain markdown-it-py instance instead, as before the guards.
"""

from __future__ import annotations

import argparse
import os
import sys
import time


def inputs(length: int) -> dict[str, str]:
    def repeat(unit: str) -> str:
        return (unit * (length // len(unit) + 1))[:length]

    return {
        "prose": repeat("The hub's light blinks *orange*, then [green](https://example.com). Try `reset` now!\n"),
        "a list of one-letter items": repeat("- a\n"),
        "a table of 3 columns": "|a|b|c|\n|-|-|-|\n" + repeat("|1|2|3|\n")[: length - 16],
        "![ repeated": repeat("!["),
        "[ repeated": repeat("["),
        "[[[...]]]": "[" * (length // 2) + "]" * (length // 2),
        "[a][ repeated": repeat("[a]["),
        "[a]( repeated": repeat("[a]("),
        "![a]( repeated": repeat("![a]("),
        "*a repeated": repeat("*a"),
        "*_ repeated": repeat("*_"),
        "` a repeated": repeat("` a"),
        "< repeated": repeat("<"),
        "> repeated": repeat(">"),
        "& repeated": repeat("&"),
        "tables in lazy quotes": repeat("*\n|-|\n](\n> "),
        "empty cells": "|" + "a|" * 100 + "\n|" + "-|" * 100 + "\n" + repeat("|\n")[: length - 400],
        "a long reference, reused": "[x]: https://example.com/" + "a" * 2000 + "\n\n" + repeat("[x]")[: length - 2100],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--length", type=int, default=30_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--unguarded", action="store_true")
    arguments = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.test_settings")
    import django

    django.setup()
    from markdown_it import MarkdownIt

    from forum import markdown, markdown_guards
    from forum.markdown_guards import TOO_INTRICATE, work_of

    plain = MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])
    render = (lambda text: plain.render(text)) if arguments.unguarded else markdown.render_markdown
    if arguments.unguarded:
        markdown_guards._table_rule.MAX_AUTOCOMPLETED_CELLS = 0x10000  # the library's own limit
    render("warm up")
    prose_ms = None
    print(f"{'input':28s} {'ms':>8s} {'x prose':>8s} {'units/char':>10s}  as typed")
    for name, text in inputs(arguments.length).items():
        best = float("inf")
        for _ in range(arguments.repeat):
            started = time.process_time()
            html = render(text)
            best = min(best, time.process_time() - started)
        ms = best * 1000
        prose_ms = prose_ms or ms
        units = work_of(markdown._markdown, text) / len(text)
        print(f"{name:28s} {ms:8.1f} {ms / prose_ms:8.1f} {units:10.2f}  {TOO_INTRICATE in html}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
