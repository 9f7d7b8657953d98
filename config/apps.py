from django.apps import AppConfig


class SiteConfig(AppConfig):
    """The project itself: what every process needs before it serves or works."""

    name = "config"
    label = "site"
    verbose_name = "Site"

    def ready(self) -> None:
        from django.core.signals import got_request_exception, request_finished, request_started
        from django.db.backends.signals import connection_created
        from django.db.models.signals import post_migrate, pre_migrate

        from config import checks  # noqa: F401  (registers the checks of SITE_URL)
        from config.health import check_again_after_a_database_error
        from config.pagecache import (
            install_write_watcher,
            migrations_end,
            migrations_start,
            request_ends,
            request_starts,
        )
        from config.runtime import make_runtime_folders

        make_runtime_folders()
        # Every write to content gives the rendered pages a new version (config/pagecache.py).
        connection_created.connect(install_write_watcher, dispatch_uid="content-version")
        pre_migrate.connect(migrations_start, dispatch_uid="content-version-migrating")
        post_migrate.connect(migrations_end, dispatch_uid="content-version-migrated")
        request_started.connect(request_starts, dispatch_uid="content-version-request-starts")
        request_finished.connect(request_ends, dispatch_uid="content-version-request-ends")
        # A request that failed on the database makes the next /healthz probe it again.
        got_request_exception.connect(check_again_after_a_database_error, dispatch_uid="healthz-database-error")
