from django.apps import AppConfig


class IdeasConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "ideas"
    verbose_name = "Ideas"

    def ready(self) -> None:
        from ideas import erasure, panels, receivers  # noqa: F401  (connect to accounts' and forum's signals)

        panels.register()  # into forum's thread page (ideas/panels.py)
