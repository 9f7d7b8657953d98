from django.apps import AppConfig


class ForumConfig(AppConfig):
    name = "forum"
    verbose_name = "Forum"

    def ready(self) -> None:
        from forum import checks, erasure, panels  # noqa: F401  (the engine check; account_deleting; slots)

        panels.register()  # into accounts' profile page (forum/panels.py)
