"""Domain settings in the app that owns them, overridable from settings by name.

Each app keeps its tables (reputation points, flag weights, page sizes, webhook retries) in
its own `conf.py`, as a subclass of AppSettings whose UPPER_CASE class attributes are the
defaults (read from the environment there when a deployment may set them):

    class ForumSettings(AppSettings):
        THREADS_PER_PAGE = 30

    conf = ForumSettings()
    ...
    Paginator(items, conf.THREADS_PER_PAGE)

Reading `conf.NAME` returns the Django setting of the same name when one is set (a
deployment's settings module, `override_settings`, pytest-django's `settings` fixture), else
the default. It is looked up at each read, never copied at import, so an override made after
import takes effect at once.
"""

from typing import Any

from django.conf import settings


class AppSettings:
    def __getattribute__(self, name: str) -> Any:
        value = object.__getattribute__(self, name)  # AttributeError for a name it does not own
        if name.isupper():
            return getattr(settings, name, value)
        return value

    def __setattr__(self, name: str, value: Any) -> None:
        # A change goes through settings (override_settings), where every reader sees it.
        raise AttributeError(f"{name} is read-only here: override the setting of the same name")

    def names(self) -> list[str]:
        """Every setting this app owns."""
        return sorted(name for name in dir(type(self)) if name.isupper())
