"""Settings read from the environment where the README says (issue 24): the site's one
address, and which store each cache alias uses."""

import json
import os
import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]
READ = """
import json
from django.conf import settings
print(json.dumps({"SITE_URL": settings.SITE_URL, "CACHES": settings.CACHES}))
"""


def settings_with(tmp_path, **environment: str) -> dict:
    """config.settings as a process started with `environment` (and DEBUG=1) reads them."""
    env = {
        name: value
        for name, value in os.environ.items()
        if name not in {"SITE_URL", "WEB_PORT", "REDIS_URL", "PAGES_REDIS_URL"}
    }
    env = {**env, "DJANGO_SETTINGS_MODULE": "config.settings", "DEBUG": "1", "VAR_DIR": str(tmp_path), **environment}
    completed = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {READ}"],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert completed.returncode == 0, completed.stderr
    return json.loads(completed.stdout.strip().splitlines()[-1])


def test_without_redis_rate_limits_and_pages_have_a_table_each(tmp_path):
    caches = settings_with(tmp_path)["CACHES"]
    assert caches["default"]["LOCATION"] == "rate_limits"
    assert caches["default"]["BACKEND"] == "config.cache.RateLimitDatabaseCache"
    assert caches["pages"]["LOCATION"] == "cache_table"


def test_pages_may_have_a_redis_of_their_own_apart_from_the_rate_limits(tmp_path):
    caches = settings_with(tmp_path, REDIS_URL="redis://limits:6379/0", PAGES_REDIS_URL="redis://pages:6379/0")[
        "CACHES"
    ]
    assert caches["default"]["LOCATION"] == "redis://limits:6379/0"
    assert caches["pages"]["LOCATION"] == "redis://pages:6379/0"
    shared = settings_with(tmp_path, REDIS_URL="redis://limits:6379/0")["CACHES"]
    assert shared["pages"]["LOCATION"] == shared["default"]["LOCATION"] == "redis://limits:6379/0"


def test_the_site_address_follows_the_port_make_run_serves_on(tmp_path):
    assert settings_with(tmp_path)["SITE_URL"] == "http://127.0.0.1:8000"
    assert settings_with(tmp_path, WEB_PORT="8101")["SITE_URL"] == "http://127.0.0.1:8101"
    configured = settings_with(tmp_path, WEB_PORT="8101", SITE_URL="https://support.example.com/")
    assert configured["SITE_URL"] == "https://support.example.com"
