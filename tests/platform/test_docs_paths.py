"""Every file, module and model the docs name exists, so that a move or a rename cannot leave
the README or docs/*.md pointing at nothing.

What counts as a name (in README.md, bench/README.md and docs/*.md, not docs/i25/, which are
the issue-25 engineers' notes and record paths as they were):
- a path with a folder: `forum/locking.py`, `docs/api.md`, `tests/forum/test_lock_order.py`;
- a dotted module of the project in backquotes: `config.pagecache`, and a name defined in it,
  `forum.search.refresh_search_vector`;
- a model by its app label: `moderation.LogEntry`.

PENDING lists what the docs describe as issue 25's target before the branch that makes it has
landed: such a name is not checked while it is missing. Once it exists, take it off the list
(`test_pending_names_are_still_missing` says when).
"""

import re
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[2]

DOCS = sorted([PROJECT / "README.md", PROJECT / "bench" / "README.md", *(PROJECT / "docs").glob("*.md")])

# The project's own top-level packages: a dotted name starting with one of these is ours.
PACKAGES = sorted(path.parent.name for path in PROJECT.glob("*/__init__.py") if path.parent.name != "tests")

# Issue 25's target, named in docs/architecture.md and docs/design.md ahead of the branches
# that build it (engine, events, panels, pagecache, doors, homes). The lead takes each off once
# it has landed.
PENDING = {}

# A path with at least one folder, ending in a file name we keep in the repository.
PATH = re.compile(r"(?<![\w./:~-])((?:[A-Za-z0-9_-]+/)+[A-Za-z0-9_.-]+\.(?:py|md|html|txt|toml|json|cfg|sh))\b")
# A dotted name in backquotes, possibly a call: `forum.search.refresh_search_vector(...)`.
DOTTED = re.compile(r"`([a-z_][a-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)+)(?:\([^`]*\))?`")
CHECK_ID = re.compile(r"[A-Z]\d{3}")  # a system check's id: `webhooks.E001`


def named_in(text: str) -> set[str]:
    names = {match.group(1) for match in PATH.finditer(text)}
    names |= {
        match.group(1)
        for match in DOTTED.finditer(text)
        if match.group(1).split(".")[0] in PACKAGES and not CHECK_ID.fullmatch(match.group(1).split(".")[-1])
    }
    return names


def module_file(parts: list[str]) -> Path | None:
    base = PROJECT.joinpath(*parts)
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def defines(source: str, name: str) -> bool:
    """`name` is defined or imported at the top of a module's source."""
    return bool(
        re.search(rf"^(?:def|class|async def)\s+{name}\b", source, re.MULTILINE)
        or re.search(rf"^{name}\s*(?::[^=]+)?=", source, re.MULTILINE)
        or re.search(rf"^from\s+\S+\s+import\s+[^\n]*\b{name}\b", source, re.MULTILINE)
        or re.search(rf"^from\s+\S+\s+import\s+\([^)]*\b{name}\b", source, re.MULTILINE)
    )


def exists(name: str) -> bool:
    if "/" in name:
        return (PROJECT / name).exists()
    parts = name.split(".")
    if len(parts) == 2 and re.fullmatch(r"[A-Z][a-z]\w*", parts[1]):
        # A model by its app label: a class of that name in the app (not a check's id, E001).
        pattern = re.compile(rf"^class\s+{parts[1]}\(", re.MULTILINE)
        return any(
            pattern.search(path.read_text())
            for path in (PROJECT / parts[0]).rglob("*.py")
            if "migrations" not in path.parts
        )
    # The longest prefix that is a module; what follows must be defined in it.
    for end in range(len(parts), 0, -1):
        path = module_file(parts[:end])
        if path is not None:
            rest = parts[end:]
            if not rest:
                return True
            if path.name == "__init__.py" and module_file([*parts[:end], rest[0]]):
                return True
            return defines(path.read_text(), rest[0])
    return False


def missing_names() -> list[str]:
    missing = []
    for doc in DOCS:
        for name in sorted(named_in(doc.read_text())):
            if name not in PENDING and not exists(name):
                missing.append(f"{doc.relative_to(PROJECT)} names {name}, which does not exist")
    return missing


def test_every_path_module_and_model_the_docs_name_exists():
    assert missing_names() == []


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("see `forum/locking.py` and docs/api.md.", {"forum/locking.py", "docs/api.md"}),
        (
            "`config.pagecache` and `forum.search.refresh_search_vector()`",
            {"config.pagecache", "forum.search.refresh_search_vector"},
        ),
        ("`moderation.LogEntry`, `settings.PRIVILEGES`, https://x.org/a/b.py", {"moderation.LogEntry"}),
        ("`Thread.objects.open()` and /static/site.js", set()),
        ("`manage.py check --deploy` fails (`webhooks.E001`)", set()),
    ],
)
def test_the_check_reads_names_as_written(text, names):
    assert named_in(text) == names


@pytest.mark.parametrize(
    ("name", "found"),
    [
        ("forum/locking.py", True),
        ("forum/nowhere.py", False),
        ("forum.locking", True),
        ("forum.locking.lock_thread", True),
        ("forum.locking.lock_everything", False),
        ("moderation.LogEntry", True),
        ("moderation.OfficialRequest", False),
    ],
)
def test_the_check_tells_what_exists(name, found):
    assert exists(name) is found


def test_pending_names_are_still_missing():
    """A pending name that now exists is checked like any other: take it off PENDING."""
    landed = sorted(name for name in PENDING if exists(name))
    assert landed == [], f"landed, take off PENDING in {Path(__file__).name}"
