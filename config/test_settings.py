"""Settings for the test suite: the real settings, read from the environment as always,
with local-development defaults filled in first.

Each test process (each pytest-xdist worker too) gets its own var/ folder and Celery queue,
and under xdist its own Redis database, so that a filesystem broker, result files, queued
messages and cached entries never collide with `make run`, another test run or a sibling.
"""

import atexit
import os
import shutil
import tempfile

os.environ.setdefault("DEBUG", "1")

# Which test process this is: pytest-xdist's workers inherit the environment their
# controller had when it started them, including the folder and queue made below for the
# controller, so each worker makes its own. A subprocess a test starts (a Celery worker)
# finds its own process's mark and keeps its parent's.
_process = os.environ.get("PYTEST_XDIST_WORKER", "main")
_made_for = os.environ.get("HELPCIRCLE_TEST_PROCESS")
if _made_for != _process and (_made_for is not None or "VAR_DIR" not in os.environ):
    os.environ["HELPCIRCLE_TEST_PROCESS"] = _process
    os.environ["VAR_DIR"] = tempfile.mkdtemp(prefix="helpcircle-test-")
    atexit.register(shutil.rmtree, os.environ["VAR_DIR"], ignore_errors=True)
    if _made_for is not None or "CELERY_QUEUE" not in os.environ:
        os.environ["CELERY_QUEUE"] = f"helpcircle-test-{os.getpid()}"
    # And its own Redis database for the cache, since tests clear the cache between them.
    if _process.startswith("gw") and os.environ.get("REDIS_URL"):
        _base, _, _number = os.environ.setdefault("HELPCIRCLE_TEST_BASE_REDIS", os.environ["REDIS_URL"]).rpartition("/")
        os.environ["REDIS_URL"] = f"{_base}/{int(_number or 0) + 1 + int(_process[2:])}"
os.environ.setdefault("CELERY_QUEUE", f"helpcircle-test-{os.getpid()}")
# Beat's periodic checks every second, so that a test with a real beat finishes quickly.
os.environ.setdefault("RESPONSE_CHECK_SECONDS", "1")

from config.settings import *  # noqa: F403, E402 (the environment above comes first)

# Hashing passwords properly is slow by design; tests create hundreds of users.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# The webhooks' tests deliver to a receiver on 127.0.0.1 (never allowed in production).
WEBHOOKS_ALLOW_LOOPBACK = True

if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":  # noqa: F405
    # Django's backend with a quicker flush after transactional tests (tests/postgresql/base.py).
    DATABASES["default"]["ENGINE"] = "tests.postgresql"  # noqa: F405
