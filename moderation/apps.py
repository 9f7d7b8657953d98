from django.apps import AppConfig


class ModerationConfig(AppConfig):
    name = "moderation"
    verbose_name = "Moderation"

    def ready(self) -> None:
        from moderation import erasure, receivers  # noqa: F401  (connect to accounts' and forum's signals)
