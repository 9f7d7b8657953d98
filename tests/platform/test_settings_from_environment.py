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


READ_DOMAIN = """
import json
from django.conf import settings
from api.conf import conf as api_conf
from config.limits import conf as limits_conf
from forum.conf import conf as forum_conf
from moderation.conf import conf as moderation_conf
from reminders.conf import conf as reminders_conf
from webhooks.conf import conf as webhooks_conf
print(json.dumps({
    "rate_limits_on": limits_conf.ACTION_RATE_LIMITS_ON,
    "allauth_rate_limits": getattr(settings, "ACCOUNT_RATE_LIMITS", None),
    "vote_cap": forum_conf.REPUTATION_DAILY_VOTE_CAP,
    "restore_days": forum_conf.WITHDRAWAL_RESTORE_WINDOW.days,
    "unsent_after": forum_conf.UNSENT_EMAIL_AFTER.total_seconds(),
    "unsent_sweep": settings.CELERY_BEAT_SCHEDULE["send-unsent-notification-emails"]["schedule"],
    "hide_weight": moderation_conf.FLAG_HIDE_WEIGHT,
    "remind_days": reminders_conf.ACCEPT_REMINDER_AFTER.days,
    "api_read": api_conf.API_RATE_LIMITS["read"],
    "api_member_write": api_conf.API_MEMBER_RATE_LIMITS["write"],
    "webhook_timeout": webhooks_conf.WEBHOOK_TIMEOUT.total_seconds(),
    "webhook_disable_after": webhooks_conf.WEBHOOK_DISABLE_AFTER,
}))
"""


def domain_settings_with(tmp_path, **environment: str) -> dict:
    """The apps' own settings (their conf.py) as a process started with `environment` reads them."""
    env = {name: value for name, value in os.environ.items() if name not in {"RATE_LIMITS"}}
    env = {**env, "DJANGO_SETTINGS_MODULE": "config.settings", "DEBUG": "1", "VAR_DIR": str(tmp_path), **environment}
    completed = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {READ_DOMAIN}"],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert completed.returncode == 0, completed.stderr
    return json.loads(completed.stdout.strip().splitlines()[-1])


def test_the_apps_own_settings_follow_the_variables_the_readme_lists(tmp_path):
    configured = domain_settings_with(
        tmp_path,
        RATE_LIMITS="0",
        REPUTATION_DAILY_VOTE_CAP="50",
        WITHDRAWAL_RESTORE_DAYS="7",
        UNSENT_EMAIL_SECONDS="900",
        FLAG_HIDE_WEIGHT="5",
        ACCEPT_REMINDER_DAYS="2",
        API_READ_RATE="30/min",
        API_MEMBER_WRITE_RATE="40/min",
        WEBHOOK_TIMEOUT_SECONDS="4",
        WEBHOOK_DISABLE_AFTER="6",
    )
    assert configured == {
        "rate_limits_on": False,
        "allauth_rate_limits": False,  # the one variable turns both off
        "vote_cap": 50,
        "restore_days": 7,
        "unsent_after": 900,
        "unsent_sweep": 900,  # beat sweeps as often as emails become due
        "hide_weight": 5,
        "remind_days": 2,
        "api_read": "30/min",
        "api_member_write": "40/min",
        "webhook_timeout": 4,
        "webhook_disable_after": 6,
    }


def test_the_apps_own_settings_default_to_what_the_readme_says(tmp_path):
    defaults = domain_settings_with(tmp_path, RESPONSE_CHECK_SECONDS="60")
    assert defaults["rate_limits_on"] is True
    assert defaults["allauth_rate_limits"] is None
    assert (defaults["vote_cap"], defaults["restore_days"], defaults["hide_weight"]) == (200, 30, 3)
    assert defaults["unsent_after"] == defaults["unsent_sweep"] == 300
    assert defaults["remind_days"] == 3
    assert (defaults["webhook_timeout"], defaults["webhook_disable_after"]) == (10, 10)
