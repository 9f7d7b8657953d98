from django.apps import AppConfig


class CasesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "cases"
    verbose_name = "Private cases"

    def ready(self) -> None:
        from accounts import erasers
        from cases import erasure, panels

        panels.register()  # into forum's thread page (cases/panels.py)
        erasers.register(app="cases", erase=erasure.erase_member, erases=erasure.ERASES, keeps=erasure.KEEPS)
