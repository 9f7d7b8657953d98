"""A comment or docstring that names a module, a file or a model names one that exists: the
code moves (the forum's views became a package, the faults' bench script too) and its
descriptions must follow it. Checked: every `app/path/file.py` (or .html, .js, .css) and every dotted
`app.module.name` in comments, docstrings and template comments, outside migrations."""

import io
import re
import tokenize
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]
APPS = [
    *("accounts", "forum", "responses", "moderation", "team", "cases", "announcements", "ideas", "reminders"),
    *("api", "webhooks", "config", "bench", "tests", "scripts", "templates", "static"),
]
CODE = "|".join(app for app in APPS if app not in ("templates", "static"))
SKIPPED_DIRS = {".venv", "var", "staticfiles", "node_modules", "migrations", ".git", "__pycache__"}
# Made when something runs, so absent from a fresh checkout.
MADE_AT_RUN_TIME = ("tests/e2e/artifacts/",)
PATH = re.compile(rf"(?<![\w./-])((?:{'|'.join(APPS)})/(?:[\w.-]+/)*(?:[\w-]+\.(?:py|html|js|css|md)\b|))")
DOTTED = re.compile(rf"(?<![\w./-])((?:{CODE})(?:\.[A-Za-z_]\w*)+)")


def sources() -> list[Path]:
    found = []
    for app in APPS:
        for path in (PROJECT / app).rglob("*"):
            if path.suffix in (".py", ".html") and not SKIPPED_DIRS & set(path.relative_to(PROJECT).parts):
                found.append(path)
    return found


def prose(path: Path) -> list[tuple[int, str]]:
    """(line, text) of each comment and triple-quoted string (docstrings) of a module, or each
    {# #} and <!-- --> comment of a template."""
    text = path.read_text()
    if path.suffix == ".html":
        return [
            (text.count("\n", 0, match.start()) + 1, match.group())
            for match in re.finditer(r"\{#.*?#\}|\{% comment %\}.*?\{% endcomment %\}|<!--.*?-->", text, re.S)
        ]
    found = []
    for token in tokenize.generate_tokens(io.StringIO(text).readline):
        if token.type == tokenize.COMMENT or (
            token.type == tokenize.STRING and token.string.lstrip("rbuRBU").startswith(('"""', "'''"))
        ):
            found.append((token.start[0], token.string))
    return found


def path_exists(named: str) -> bool:
    if named.startswith(MADE_AT_RUN_TIME) or (PROJECT / named).exists():
        return True
    # A template or static file is named from its folder's root: forum/thread.html, js/forum.js.
    roots = [*PROJECT.glob("*/templates"), *PROJECT.glob("*/static"), PROJECT / "templates", PROJECT / "static"]
    return any((root / named).exists() for root in roots)


def defines(module: Path, name: str) -> bool:
    files = sorted(module.rglob("*.py")) if module.is_dir() else [module]
    defined = rf"^\s*(?:(?:async\s+)?def|class)\s+{name}\b|^\s*{name}\s*[:=]"
    pattern = re.compile(rf"{defined}|\bimport\b[^\n]*\b{name}\b", re.M)
    return any(pattern.search(file.read_text()) for file in files) or (module / name).exists()


def dotted_exists(named: str) -> bool:
    """`forum.actions.posts.ask_question`: the longest prefix that is a module or package, then
    one name it defines (a model named `app.Model` is defined somewhere in the app)."""
    parts = named.split(".")
    if parts[-1] in ("py", "html", "js", "css", "md"):  # a file by its name alone: forum.js
        return any(any((PROJECT / app).rglob(named)) for app in APPS)
    if re.fullmatch(r"[A-Z]\d{3}", parts[-1]):  # a system check's id: webhooks.E001
        return any(f'"{named}"' in path.read_text() for path in (PROJECT / parts[0]).rglob("*.py"))
    for cut in range(len(parts), 0, -1):
        base = PROJECT.joinpath(*parts[:cut])
        module = base.with_suffix(".py") if base.with_suffix(".py").exists() else base if base.is_dir() else None
        if module is not None:
            rest = parts[cut:]
            return not rest or defines(module, rest[0])
    return False


def test_every_module_file_and_name_a_comment_mentions_exists():
    missing = []
    for source in sources():
        for line, text in prose(source):
            where = f"{source.relative_to(PROJECT)}:{line}"
            missing += [f"{where}: {m.group(1)}" for m in PATH.finditer(text) if not path_exists(m.group(1))]
            missing += [f"{where}: {m.group(1)}" for m in DOTTED.finditer(text) if not dotted_exists(m.group(1))]
    assert missing == []


def test_the_check_finds_a_module_that_does_not_exist(tmp_path):
    assert not dotted_exists("responses.routers")
    assert not path_exists("bench/faults.py")
    assert not path_exists("forum/views.py")
    assert dotted_exists("responses.querysets.ResponseTimeQuerySet")
    assert dotted_exists("forum.ThreadEvent")  # a model, by its app label
    assert path_exists("forum/actions/")
    assert path_exists("forum/thread.html")
