from django.apps import AppConfig


class IdeasConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "ideas"
    verbose_name = "Ideas"

    def ready(self) -> None:
        from accounts import erasers
        from ideas import erasure, panels

        panels.register()  # into forum's thread page (ideas/panels.py)
        erasers.register(app="ideas", erase=erasure.erase_member, erases=erasure.ERASES, keeps=erasure.KEEPS)
