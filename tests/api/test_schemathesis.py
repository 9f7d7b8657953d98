"""Schemathesis (`st run`, every check) against the API served by gunicorn on the demo forum,
as a visitor, a member's token and a rep's token, rate limits off: the schema says what the
API does (its statuses and error shape, who may call, the forms' rules), and no input makes
a 500. Issue 24 found 31-44 failures a run; there must be none.

On PostgreSQL, the production database: CI's second pass runs it (services required), the
first (SQLite) leaves it out, which keeps the whole of CI inside its 20 minutes.

Deterministic and bounded: derandomised generation, at most MAX_EXAMPLES examples per
operation in the fuzzing phase (the coverage phase tries every boundary the schema names).
Writes change the seeded forum; each identity starts from a fresh one."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from accounts.models import User
from accounts.roles import sync_role_groups
from api import tokens
from config import demo
from forum import notifications
from tests.api import servers

pytestmark = pytest.mark.django_db(transaction=True)

MAX_EXAMPLES = 10


@pytest.fixture
def forum(postgresql):
    sync_role_groups()  # an earlier transactional test flushed the migration's groups
    with notifications.notifications_stay_on_site():
        demo.seed(seed=5, threads=8)


@pytest.fixture(params=["anonymous", "ada", "rita"])
def token(request, forum) -> str | None:
    """Nobody's, a member's or a rep's read-write token."""
    if request.param == "anonymous":
        return None
    return tokens.create_token(user=User.objects.get(username=request.param), name="schemathesis", scope="write")[1]


@pytest.fixture
def api_url(token, tmp_path):
    """gunicorn on the seeded test database (the token made first: SQLite's is a copy), rate
    limits off (the fuzzer is not an abuser)."""
    process, port = servers.start(tmp_path, {"RATE_LIMITS": "0", "REDIS_URL": settings.REDIS_URL}, threads=4)
    yield f"http://127.0.0.1:{port}"
    servers.stop(process)


def run_schemathesis(base_url: str, report: Path, *, token: str | None) -> dict:
    """`st run` against the server; returns its JSON report."""
    command = [
        sys.executable,
        "-m",
        "schemathesis.cli",
        "run",
        f"{base_url}/api/v1/schema?format=json",
        "--checks=all",
        f"--max-examples={MAX_EXAMPLES}",
        "--generation-deterministic",
        "--workers=1",
        "--no-color",
        "--report=json",
        f"--report-json-path={report}",
    ]
    if token:
        command.append(f"--header=Authorization: Bearer {token}")
    finished = subprocess.run(command, capture_output=True, text=True, timeout=600, cwd=report.parent)
    # Its own words, each line cut short (a failing body may be 30,000 characters).
    print("\n".join(line[:400] for line in finished.stdout.splitlines()))
    print(finished.stderr[-5_000:], file=sys.stderr)
    return json.loads(report.read_text())


def test_schemathesis_finds_nothing_wrong_with_the_api(api_url, token, tmp_path):
    report = run_schemathesis(api_url, tmp_path / "report.json", token=token)
    assert report["operations"]["tested"] == report["operations"]["total"] > 0
    assert report["test_cases"]["errored"] == 0
    assert report["test_cases"]["unique_failures"] == 0, [failure["title"] for failure in report["failures"]]
