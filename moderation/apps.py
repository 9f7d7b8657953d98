from django.apps import AppConfig


class ModerationConfig(AppConfig):
    name = "moderation"
    verbose_name = "Moderation"

    def ready(self) -> None:
        from moderation import erasure, panels, receivers  # noqa: F401  (connect to accounts' and forum's signals)

        panels.register()  # into forum's and accounts' pages (moderation/panels.py)
