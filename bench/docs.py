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
