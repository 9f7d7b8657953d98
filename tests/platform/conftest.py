import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import REQUIRE_SERVICES, unavailable

PROJECT = Path(__file__).resolve().parents[2]


class Checkout:
    """The project's git checkout, as `git status` shows it.

    Other people may have work in progress in the same checkout, so a test never asks for
    a clean tree: it takes the status before a run and asserts that the run added nothing
    to it. Anything the run wrote is then either outside the checkout or ignored by git.
    """

    root = PROJECT

    def status(self) -> set[str]:
        """One line per path git would show: modified, deleted and untracked (each untracked
        file on its own line, so a new file in an untracked folder shows too). Ignored
        paths are left out."""
        completed = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=all"],
            cwd=self.root,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert completed.returncode == 0, completed.stderr
        return set(completed.stdout.splitlines())

    def new_since(self, before: set[str]) -> list[str]:
        """What `git status` shows now that it did not show at `before`."""
        return sorted(self.status() - before)

    def shown(self, paths: list[Path]) -> list[str]:
        """Those of `paths` inside the checkout that git would show (not ignored)."""
        inside = [str(path.relative_to(self.root)) for path in paths if path.is_relative_to(self.root)]
        if not inside:
            return []
        # A tracked file is never ignored, whatever .gitignore says: check-ignore leaves it out.
        completed = subprocess.run(
            ["git", "check-ignore", "--stdin"],
            cwd=self.root,
            input="\n".join(inside),
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert completed.returncode in (0, 1), completed.stderr  # 1: none of them is ignored
        ignored = set(completed.stdout.splitlines())
        return [path for path in inside if path not in ignored]


@pytest.fixture
def checkout() -> Checkout:
    if shutil.which("git") is None or not (PROJECT / ".git").exists():
        unavailable("a git checkout of the project", required=REQUIRE_SERVICES)
    return Checkout()
