from django.apps import AppConfig


class SiteConfig(AppConfig):
    """The project itself: what every process needs before it serves or works."""

    name = "config"
    label = "site"
    verbose_name = "Site"

    def ready(self) -> None:
        from config.runtime import make_runtime_folders

        make_runtime_folders()
