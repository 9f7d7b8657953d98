"""The folders the embedded setup writes to (SQLite, the filesystem broker, Celery's result
files), made when Django starts rather than when settings are imported: importing settings
(a check, an editor, a test collector) writes nothing, and a setup that uses PostgreSQL and
Redis gets only the folder of beat's schedule. staticfiles/ is made by collectstatic alone."""

from pathlib import Path

from django.conf import settings


def folders_in_use() -> list[Path]:
    # Beat keeps its schedule on disk whatever the broker (the file is opened before any
    # Celery signal a hook could use).
    folders = [Path(settings.CELERY_BEAT_SCHEDULE_FILENAME).parent]
    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3" and database["NAME"] != ":memory:":
        folders.append(Path(database["NAME"]).parent)
    options = getattr(settings, "CELERY_BROKER_TRANSPORT_OPTIONS", {})
    for key in ("data_folder_in", "data_folder_out", "processed_folder", "control_folder"):
        if options.get(key):
            folders.append(Path(options[key]))
    if settings.CELERY_RESULT_BACKEND.startswith("file://"):
        folders.append(Path(settings.CELERY_RESULT_BACKEND.removeprefix("file://")))
    return folders


def make_runtime_folders() -> None:
    for folder in folders_in_use():
        folder.mkdir(parents=True, exist_ok=True)
