from django.apps import AppConfig


class RemindersConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "reminders"
    verbose_name = "Reminders and digests"

    def ready(self) -> None:
        from reminders import erasure, panels  # noqa: F401  (connect to accounts' account_deleting)

        panels.register()  # into forum's tag page and accounts' settings (reminders/panels.py)
