"""The one configured site: its name (SITE_NAME) and address (SITE_URL, which defaults to
where `make run` serves: http://127.0.0.1:$WEB_PORT).

Every absolute URL the site gives out is built here: notification, reminder and digest
emails, allauth's emails (accounts/adapter.py), webhook payloads and the API's links. Never
from the request: Celery has no request, and a request may have reached us by another name
(a port forward, an internal host name), which must not end up in a link someone keeps."""

from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings


@dataclass(frozen=True)
class Site:
    """What django.contrib.sites' Site offers templates: allauth's emails greet with `name`
    and sign off with `domain`."""

    name: str
    domain: str  # host[:port], as Site.domain


def current_site() -> Site:
    return Site(name=settings.SITE_NAME, domain=urlsplit(settings.SITE_URL).netloc)


def absolute_url(path: str) -> str:
    """The site's address of one of its own paths ("/t/1/slug/?page=2#answer-3")."""
    if not path.startswith("/") or path.startswith("//"):
        raise ValueError(f"not a path on this site: {path!r}")
    return f"{settings.SITE_URL}{path}"


def host_name() -> str:
    """The site's host name, without the port (the right-hand side of our Message-IDs)."""
    return urlsplit(settings.SITE_URL).hostname or "helpcircle.invalid"
