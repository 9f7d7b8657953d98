from django.apps import AppConfig


class ResponsesConfig(AppConfig):
    name = "responses"
    verbose_name = "Response time"

    def ready(self) -> None:
        from accounts import erasers
        from forum import engine
        from forum.querysets import register_tab
        from responses import erasure, panels, tabs, waiting

        # The forum's actions call the engine directly (forum/engine.py): it is required.
        engine.install(waiting)
        # The home page's tabs whose rule is the engine's.
        register_tab("unanswered", "Unanswered", tabs.unanswered, before="solved")
        register_tab("official", "Needs official", tabs.needs_official)
        panels.register()  # into forum's thread page (responses/panels.py)
        erasers.register(app="responses", erase=erasure.erase_member, erases=erasure.ERASES, keeps=erasure.KEEPS)
