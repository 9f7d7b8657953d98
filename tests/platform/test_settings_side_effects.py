"""Importing settings writes nothing; starting Django makes the folders the setup uses."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

# The same in both of CI's passes: each process's environment is set here, not inherited.
pytestmark = pytest.mark.own_site

PROJECT = Path(__file__).resolve().parents[2]


def environment(var_dir: Path, **extra: str) -> dict[str, str]:
    drop = {"DATABASE_URL", "CELERY_BROKER_URL", "CELERY_RESULT_BACKEND", "REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {name: value for name, value in os.environ.items() if name not in drop}
    return {**env, "DEBUG": "1", "VAR_DIR": str(var_dir), "DJANGO_SETTINGS_MODULE": "config.settings", **extra}


def run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, *args], cwd=PROJECT, env=env, capture_output=True, text=True, timeout=120)


def test_importing_settings_creates_no_folder(tmp_path):
    var_dir = tmp_path / "var"
    static_existed = (PROJECT / "staticfiles").exists()
    completed = run(environment(var_dir), "-c", "import config.settings")
    assert completed.returncode == 0, completed.stderr
    assert not var_dir.exists()
    assert (PROJECT / "staticfiles").exists() == static_existed


def test_starting_django_makes_the_embedded_setups_folders(tmp_path):
    var_dir = tmp_path / "var"
    completed = run(environment(var_dir), "manage.py", "check")
    assert completed.returncode == 0, completed.stderr
    assert {path.name for path in (var_dir / "broker").iterdir()} == {"queue", "processed", "control"}
    assert (var_dir / "celery-results").is_dir()


def test_a_setup_on_postgresql_and_redis_makes_only_the_folder_for_beats_schedule(tmp_path):
    var_dir = tmp_path / "var"
    env = environment(
        var_dir,
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/helpcircle",
        CELERY_BROKER_URL="redis://127.0.0.1:6379/0",
    )
    completed = run(env, "-c", "import django; django.setup()")
    assert completed.returncode == 0, completed.stderr
    assert list(var_dir.iterdir()) == []
