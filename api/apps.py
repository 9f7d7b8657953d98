from django.apps import AppConfig


class ApiConfig(AppConfig):
    """The read/write API at /api/v1/ (Django REST framework): a second front door onto the
    same actions and permissions as the pages."""

    name = "api"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from accounts import erasers
        from api import erasure, schema  # noqa: F401  (the schema's auth extensions)

        erasers.register(app="api", erase=erasure.erase_member, erases=erasure.ERASES, keeps=erasure.KEEPS)
