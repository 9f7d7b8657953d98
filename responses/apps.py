from django.apps import AppConfig


class ResponsesConfig(AppConfig):
    name = "responses"
    verbose_name = "Response time"

    def ready(self) -> None:
        from responses import receivers  # noqa: F401  (connects to forum's signals)
