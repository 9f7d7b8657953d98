from django.apps import AppConfig


class ResponsesConfig(AppConfig):
    name = "responses"
    verbose_name = "Response time"

    def ready(self) -> None:
        from accounts import erasers
        from responses import erasure, panels, receivers  # noqa: F401  (receivers hear forum's signals)

        panels.register()  # into forum's thread page (responses/panels.py)
        erasers.register(app="responses", erase=erasure.erase_member, erases=erasure.ERASES, keeps=erasure.KEEPS)
