"""The forum cannot work without a response-time engine (forum/engine.py): say so at start-up."""

from django.core import checks

from forum import engine


@checks.register()
def engine_is_installed(app_configs, **kwargs) -> list[checks.CheckMessage]:
    if engine.is_installed():
        return []
    return [
        checks.Error(
            "No response-time engine is installed.",
            hint="Add `responses` to INSTALLED_APPS: its AppConfig.ready() installs responses.waiting.",
            id="forum.E001",
        )
    ]
