"""Production settings pass Django's deployment checklist with no warning at all."""

import os
import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]


def production_environment(tmp_path) -> dict[str, str]:
    # The e2e tests allow Django's ORM under Playwright's event loop in this process; a
    # production process never has that variable.
    env = {name: value for name, value in os.environ.items() if name != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    return {
        **env,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "0",
        "SECRET_KEY": "x8#kP2vR!qL9zT4mW7nB1cY6hJ3sD0fG5aE8uI2oP7lK4jH9gF",
        "ALLOWED_HOSTS": "support.example.com",
        "SITE_URL": "https://support.example.com",
        "VAR_DIR": str(tmp_path),
    }


def test_check_deploy_reports_no_issues_with_production_environment(tmp_path):
    env = production_environment(tmp_path)
    completed = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "DEBUG"],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    output = completed.stdout + completed.stderr
    assert completed.returncode == 0, output
    assert "System check identified no issues" in output


def test_check_deploy_warns_when_links_would_point_to_this_machine(tmp_path):
    env = production_environment(tmp_path)
    env.pop("SITE_URL")
    env["WEB_PORT"] = "8101"
    completed = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "site.W001" in completed.stdout + completed.stderr
    assert "http://127.0.0.1:8101" in completed.stdout + completed.stderr


def test_a_site_url_with_a_path_is_refused(tmp_path):
    env = {**production_environment(tmp_path), "SITE_URL": "https://example.com/support"}
    completed = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=PROJECT, env=env, capture_output=True, text=True, timeout=120
    )
    assert completed.returncode != 0
    assert "site.E001" in completed.stderr


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = production_environment(tmp_path)
    env.pop("SECRET_KEY")
    completed = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=PROJECT, env=env, capture_output=True, text=True, timeout=120
    )
    assert completed.returncode != 0
    assert "Set SECRET_KEY" in completed.stderr


def test_behind_proxy_trusts_one_hop_of_x_forwarded_for_or_as_many_as_proxy_hops(tmp_path):
    script = "from django.conf import settings; print(settings.ALLAUTH_TRUSTED_PROXY_COUNT)"
    for extra, expected in (({}, "1"), ({"PROXY_HOPS": "2"}, "2")):
        env = {**production_environment(tmp_path), "BEHIND_PROXY": "1", **extra}
        completed = subprocess.run(
            [sys.executable, "manage.py", "shell", "--no-imports", "-c", script],
            cwd=PROJECT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert completed.stdout.strip().splitlines()[-1] == expected, completed.stderr
