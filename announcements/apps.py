from django.apps import AppConfig


class AnnouncementsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "announcements"
    verbose_name = "Announcements and incident banners"

    def ready(self) -> None:
        from accounts import erasers
        from announcements import panels

        panels.register()  # into forum's thread, home and tag pages (announcements/panels.py)
        # Who pinned and raised what is the company's record, nothing personal: kept, by id
        # (accounts/erasers.py).
        erasers.register(
            app="announcements",
            erase=None,
            keeps={
                "announcements.Pin.pinned_by": "who pinned, by id",
                "announcements.Pin.unpinned_by": "who unpinned, by id",
                "announcements.IncidentBanner.raised_by": "who raised the banner, by id",
                "announcements.IncidentBanner.cleared_by": "who cleared it, by id",
            },
        )
