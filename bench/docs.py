"""Writing a benchmark's figures into docs/performance.md (or docs/reliability.md), between
its own markers."""

from pathlib import Path

DOCS = Path(__file__).resolve().parent.parent / "docs"
PERFORMANCE = DOCS / "performance.md"
RELIABILITY = DOCS / "reliability.md"


def write_section(text: str, *, markers: tuple[str, str], heading: str, path: Path = PERFORMANCE) -> None:
    """Replace what stands between `markers` with `text` in the document at `path`; without
    the markers, add them at the end under `heading`. The rest of the document is left as it is."""
    document = path.read_text()
    start, end = markers
    if start in document and end in document:
        before, rest = document.split(start, 1)
        after = rest.split(end, 1)[1]
        document = f"{before}{start}\n{text}\n{end}{after}"
    else:
        document = document.rstrip("\n") + f"\n\n{heading}\n\n{start}\n{text}\n{end}\n"
    path.write_text(document)


def finish(text: str, problems: list[str], *, no_docs: bool, markers: tuple[str, str], heading: str) -> int:
    """Print a benchmark's table and its problems; write the table into docs/performance.md
    unless `no_docs` or a problem; the exit status (1 when anything failed)."""
    import sys

    print(f"\n{text}\n")
    for problem in problems:
        print(f"FAILED: {problem}", file=sys.stderr)
    if not no_docs and not problems:
        write_section(text, markers=markers, heading=heading)
    return 1 if problems else 0
