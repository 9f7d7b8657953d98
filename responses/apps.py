from django.apps import AppConfig


class ResponsesConfig(AppConfig):
    name = "responses"
    verbose_name = "Response time"

    def ready(self) -> None:
        from responses import erasure, receivers  # noqa: F401  (connect to accounts' and forum's signals)
