from django.apps import AppConfig


class ForumConfig(AppConfig):
    name = "forum"
    verbose_name = "Forum"

    def ready(self) -> None:
        from forum import checks, erasure  # noqa: F401  (the engine check; connects to accounts' account_deleting)
