from django.apps import AppConfig


class ForumConfig(AppConfig):
    name = "forum"
    verbose_name = "Forum"

    def ready(self) -> None:
        from accounts import erasers
        from forum import checks, erasure, moderation_port, panels  # noqa: F401  (the engine check, forum.E020; slots)

        panels.register()  # into accounts' profile page (forum/panels.py)
        erasers.register(app="forum", erase=erasure.erase_member, erases=erasure.ERASES, keeps=erasure.KEEPS)
