from django.apps import AppConfig


class CasesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "cases"
    verbose_name = "Private cases"

    def ready(self) -> None:
        from cases import erasure, panels  # noqa: F401  (connects to accounts' account_deleting)

        panels.register()  # into forum's thread page (cases/panels.py)
