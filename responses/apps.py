from django.apps import AppConfig


class ResponsesConfig(AppConfig):
    name = "responses"
    verbose_name = "Response time"

    def ready(self) -> None:
        from accounts import erasers
        from responses import erasure, receivers  # noqa: F401  (receivers connect to forum's signals)

        erasers.register(app="responses", erase=erasure.erase_member, erases=erasure.ERASES, keeps=erasure.KEEPS)
