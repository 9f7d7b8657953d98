from django.apps import AppConfig


class ResponsesConfig(AppConfig):
    name = "responses"
    verbose_name = "Response time"

    def ready(self) -> None:
        from responses import erasure, panels, receivers  # noqa: F401  (connect to accounts' and forum's signals)

        panels.register()  # into forum's thread page (responses/panels.py)
