from django.apps import AppConfig


class ApiConfig(AppConfig):
    """The read/write API at /api/v1/ (Django REST framework): a second front door onto the
    same actions and permissions as the pages."""

    name = "api"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from api import erasure, schema  # noqa: F401  (connects to account_deleting; the schema's auth extensions)
