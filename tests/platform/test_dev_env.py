"""Local development reads `.env` (written by make on first use), so every manage.py command
works as the README writes it; production, which sets its environment, ignores the file."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REQUIRE_SERVICES, unavailable

# The same in both of CI's passes: each site here is under tmp_path, on the embedded defaults.
pytestmark = pytest.mark.own_site

PROJECT = Path(__file__).resolve().parents[2]


def clean_environment(tmp_path, **extra: str) -> dict[str, str]:
    """This process's environment without what the tests themselves set up."""
    drop = {"DEBUG", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE", "ENV_FILE", "SITE_NAME"}
    # The embedded defaults under tmp_path: never CI's PostgreSQL or Redis.
    drop |= {"DATABASE_URL", "CELERY_BROKER_URL", "CELERY_RESULT_BACKEND", "REDIS_URL"}
    env = {name: value for name, value in os.environ.items() if name not in drop}
    return {**env, "DJANGO_SETTINGS_MODULE": "config.settings", "VAR_DIR": str(tmp_path), **extra}


def manage(env: dict[str, str], *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )


def write_dev_env(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(PROJECT / "scripts" / "write-dev-env"), str(path)], capture_output=True, text=True, timeout=60
    )


def test_make_writes_a_dev_env_file_once_with_a_generated_secret_key(tmp_path):
    env_file = tmp_path / ".env"
    assert write_dev_env(env_file).returncode == 0
    values = dict(line.split("=", 1) for line in env_file.read_text().splitlines() if "=" in line)
    assert values["DEBUG"] == "1"
    assert len(values["SECRET_KEY"]) >= 50
    first = env_file.read_text()
    write_dev_env(env_file)
    assert env_file.read_text() == first  # never overwritten: sessions survive a second `make run`
    assert oct(env_file.stat().st_mode & 0o777) == "0o600"


def test_manage_py_commands_work_with_only_the_dev_env_file(tmp_path):
    env_file = tmp_path / ".env"
    write_dev_env(env_file)
    completed = manage(clean_environment(tmp_path, ENV_FILE=str(env_file)), "check")
    assert completed.returncode == 0, completed.stderr
    for command in ("migrate", "sync_roles"):
        completed = manage(clean_environment(tmp_path, ENV_FILE=str(env_file)), command)
        assert completed.returncode == 0, completed.stderr


def test_the_readmes_data_commands_work_with_only_the_dev_env_file(tmp_path):
    """seed_demo, rebuild_reputation and createsuperuser, in the order a newcomer runs them,
    all against the database the file's settings point at."""
    env_file = tmp_path / ".env"
    write_dev_env(env_file)
    env = clean_environment(tmp_path, ENV_FILE=str(env_file))
    steps = [
        ("migrate", "--noinput"),
        ("seed_demo",),
        ("rebuild_reputation",),
    ]
    for command in steps:
        completed = manage(env, *command)
        assert completed.returncode == 0, (command, completed.stderr)
    assert "all caches agree" in completed.stdout
    superuser = {
        "DJANGO_SUPERUSER_USERNAME": "operator",
        "DJANGO_SUPERUSER_EMAIL": "operator@example.com",
        "DJANGO_SUPERUSER_PASSWORD": "a-long-passphrase-for-the-operator",
    }
    completed = manage({**env, **superuser}, "createsuperuser", "--noinput")
    assert completed.returncode == 0, completed.stderr
    script = (
        "from accounts.models import User; from forum.models import Thread; "
        "print(User.objects.get(username='operator').is_superuser, Thread.objects.count())"
    )
    completed = manage(env, "shell", "--no-imports", "-c", script)
    assert completed.returncode == 0, completed.stderr
    is_superuser, threads = completed.stdout.split()
    assert (is_superuser, int(threads) >= 60) == ("True", True)


def test_dbshell_opens_the_dev_databases_client_with_only_the_dev_env_file(tmp_path):
    env_file = tmp_path / ".env"
    write_dev_env(env_file)
    env = clean_environment(tmp_path, ENV_FILE=str(env_file))
    assert manage(env, "migrate", "--noinput").returncode == 0
    completed = manage(env, "dbshell", stdin="SELECT name FROM auth_group ORDER BY name;\n")
    assert "SECRET_KEY" not in completed.stderr  # the settings loaded from the file
    if shutil.which("sqlite3") is None:
        # Without the client, dbshell can only prove it got as far as starting it.
        assert "sqlite3" in completed.stderr
        unavailable("the sqlite3 command-line client", required=REQUIRE_SERVICES)
    assert completed.returncode == 0, completed.stderr
    # The role groups that migrate created, read through the client from the file's database.
    assert completed.stdout.split() == ["Leads", "Moderators", "Reps"]


def test_the_environment_wins_over_the_dev_env_file(tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text("DEBUG=1\nSECRET_KEY=from-the-file-0123456789\nSITE_NAME=From the file\n")
    env = clean_environment(tmp_path, ENV_FILE=str(env_file), SITE_NAME="From the environment")
    script = "from django.conf import settings; print(settings.SITE_NAME)"
    completed = manage(env, "shell", "--no-imports", "-c", script)
    assert completed.stdout.strip().splitlines()[-1] == "From the environment", completed.stderr


def test_production_ignores_a_dev_env_file_and_still_requires_a_secret_key(tmp_path):
    env_file = tmp_path / ".env"
    write_dev_env(env_file)
    completed = manage(clean_environment(tmp_path, ENV_FILE=str(env_file), DEBUG="0"), "check")
    assert completed.returncode != 0
    assert "Set SECRET_KEY" in completed.stderr
