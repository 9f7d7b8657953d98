"""Settings for the test suite: the real settings, read from the environment as always,
with local-development defaults filled in first.

Each test process gets its own var/ folder and Celery queue, so that a filesystem broker,
result files and queued messages never collide with `make run` or another test run.
"""

import atexit
import os
import shutil
import tempfile

os.environ.setdefault("DEBUG", "1")
if "VAR_DIR" not in os.environ:
    os.environ["VAR_DIR"] = tempfile.mkdtemp(prefix="helpcircle-test-")
    atexit.register(shutil.rmtree, os.environ["VAR_DIR"], ignore_errors=True)
os.environ.setdefault("CELERY_QUEUE", f"helpcircle-test-{os.getpid()}")
# Under pytest-xdist each test process gets its own Redis database for the cache, since
# tests clear the cache between them; once, so that a subprocess (a Celery worker a test
# starts) keeps its parent's.
_worker = os.environ.get("PYTEST_XDIST_WORKER", "")
if _worker.startswith("gw") and os.environ.get("REDIS_URL") and "HELPCIRCLE_TEST_REDIS" not in os.environ:
    _base, _, _number = os.environ["REDIS_URL"].rpartition("/")
    _own = f"{_base}/{int(_number or 0) + 1 + int(_worker[2:])}"
    os.environ["REDIS_URL"] = os.environ["HELPCIRCLE_TEST_REDIS"] = _own
# Beat's periodic checks every second, so that a test with a real beat finishes quickly.
os.environ.setdefault("RESPONSE_CHECK_SECONDS", "1")

from config.settings import *  # noqa: F403, E402 (the environment above comes first)

# Hashing passwords properly is slow by design; tests create hundreds of users.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
