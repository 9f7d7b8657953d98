from django.apps import AppConfig


class RemindersConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "reminders"
    verbose_name = "Reminders and digests"

    def ready(self) -> None:
        from accounts import erasers
        from reminders import erasure, panels

        panels.register()  # into forum's tag page and accounts' settings (reminders/panels.py)
        erasers.register(app="reminders", erase=erasure.erase_member, erases=erasure.ERASES, keeps=erasure.KEEPS)
