from django.apps import AppConfig


class ForumConfig(AppConfig):
    name = "forum"
    verbose_name = "Forum"

    def ready(self) -> None:
        from forum import erasure, panels  # noqa: F401  (connects to accounts' account_deleting; declares slots)

        panels.register()  # into accounts' profile page (forum/panels.py)
