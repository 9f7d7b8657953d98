"""Line diffs between consecutive revisions, as data the template renders (and escapes)."""

import difflib
from dataclasses import dataclass

from forum.models import Revision


@dataclass(frozen=True)
class DiffLine:
    kind: str  # "added", "removed", "same", "gap"
    text: str


@dataclass(frozen=True)
class RevisionDiff:
    revision: Revision
    lines: list[DiffLine]


def diff_lines(before: str, after: str) -> list[DiffLine]:
    lines = []
    for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=2):
        if line.startswith(("---", "+++")):
            continue
        if line.startswith("@@"):
            lines.append(DiffLine("gap", "…"))
        elif line.startswith("+"):
            lines.append(DiffLine("added", line[1:]))
        elif line.startswith("-"):
            lines.append(DiffLine("removed", line[1:]))
        else:
            lines.append(DiffLine("same", line[1:]))
    return lines


def revision_diffs(revisions: list[Revision]) -> list[RevisionDiff]:
    """Newest first: each revision against the one before it (the first against nothing).
    A redacted revision has no lines (its page says who redacted it), and the next one is
    compared with the last revision before it that is not redacted, so that nothing
    redacted shows, not even as a removed line."""
    diffs = []
    previous_text = ""
    for revision in revisions:
        if revision.is_redacted:
            diffs.append(RevisionDiff(revision, []))
            continue
        text = f"{revision.title}\n\n{revision.body}" if revision.title else revision.body
        diffs.append(RevisionDiff(revision, diff_lines(previous_text, text)))
        previous_text = text
    return list(reversed(diffs))
