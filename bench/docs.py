"""Writing a benchmark's figures into docs/performance.md, between its own markers."""

from pathlib import Path

PERFORMANCE = Path(__file__).resolve().parent.parent / "docs" / "performance.md"


def write_section(text: str, *, markers: tuple[str, str], heading: str) -> None:
    """Replace what stands between `markers` with `text`; without the markers, add them at
    the end under `heading`. The rest of the document is left as it is."""
    document = PERFORMANCE.read_text()
    start, end = markers
    if start in document and end in document:
        before, rest = document.split(start, 1)
        after = rest.split(end, 1)[1]
        document = f"{before}{start}\n{text}\n{end}{after}"
    else:
        document = document.rstrip("\n") + f"\n\n{heading}\n\n{start}\n{text}\n{end}\n"
    PERFORMANCE.write_text(document)
