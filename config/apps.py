from django.apps import AppConfig


class SiteConfig(AppConfig):
    """The project itself: what every process needs before it serves or works."""

    name = "config"
    label = "site"
    verbose_name = "Site"

    def ready(self) -> None:
        from django.core.signals import got_request_exception, request_finished, request_started
        from django.db.backends.signals import connection_created
        from django.db.models.signals import post_migrate

        from config import (
            checks,  # noqa: F401  (registers the checks of SITE_URL)
            lookups,  # noqa: F401  (registers `field__one_of=ids`)
        )
        from config.health import check_again_after_a_database_error
        from config.pagecache import migrations_end, request_ends, request_starts
        from config.runtime import make_runtime_folders
        from config.sqlite import use_write_ahead_log

        make_runtime_folders()
        connection_created.connect(use_write_ahead_log, dispatch_uid="sqlite-write-ahead-log")
        # The rendered pages' versions: new after a migration, read once per request (config/pagecache.py).
        post_migrate.connect(migrations_end, dispatch_uid="page-versions-migrated")
        request_started.connect(request_starts, dispatch_uid="page-versions-request-starts")
        request_finished.connect(request_ends, dispatch_uid="page-versions-request-ends")
        # A request that failed on the database makes the next /healthz probe it again.
        got_request_exception.connect(check_again_after_a_database_error, dispatch_uid="healthz-database-error")
