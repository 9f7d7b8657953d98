"""The Celery app: settings come from Django's CELERY_* settings, tasks from each app's
tasks.py, the beat schedule from CELERY_BEAT_SCHEDULE."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("helpcircle")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.task(name="helpcircle.ping", ignore_result=False, acks_late=False)
def ping() -> str:
    """Answers "pong": proves that a worker consumes from the configured broker."""
    return "pong"
