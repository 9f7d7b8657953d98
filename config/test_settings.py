"""Settings for the test suite: the real settings, read from the environment as always,
with local-development defaults filled in first.

Each test process gets its own var/ folder and Celery queue, so that a filesystem broker,
result files and queued messages never collide with `make run` or another test run.
"""

import os
import tempfile

os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("VAR_DIR", tempfile.mkdtemp(prefix="helpcircle-test-"))
os.environ.setdefault("CELERY_QUEUE", f"helpcircle-test-{os.getpid()}")

from config.settings import *  # noqa: F403
