from django.apps import AppConfig


class AnnouncementsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "announcements"
    verbose_name = "Announcements and incident banners"

    def ready(self) -> None:
        from announcements import panels

        panels.register()  # into forum's thread, home and tag pages (announcements/panels.py)
