from django.apps import AppConfig


class ModerationConfig(AppConfig):
    name = "moderation"
    verbose_name = "Moderation"

    def ready(self) -> None:
        from accounts import erasers
        from moderation import erasure, receivers  # noqa: F401  (connect to accounts' and forum's signals)

        erasers.register(app="moderation", erase=erasure.erase_member, erases=erasure.ERASES, keeps=erasure.KEEPS)
