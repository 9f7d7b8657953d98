"""Checks of the configured site's address (config/site.py): every absolute link is built
from SITE_URL, so it must be an origin, and in production not this machine's."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core import checks

LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1", "0.0.0.0"}


@checks.register()
def site_url_is_an_origin(app_configs, **kwargs) -> list[checks.CheckMessage]:
    parts = urlsplit(settings.SITE_URL)
    if parts.scheme in {"http", "https"} and parts.hostname and parts.path in {"", "/"} and not parts.query:
        return []
    return [
        checks.Error(
            f"SITE_URL must be a scheme and a host, with a port if need be, and nothing else: {settings.SITE_URL!r}.",
            hint="For example SITE_URL=https://support.example.com",
            id="site.E001",
        )
    ]


@checks.register(checks.Tags.security, deploy=True)
def site_url_is_set_in_production(app_configs, **kwargs) -> list[checks.CheckMessage]:
    if settings.DEBUG or urlsplit(settings.SITE_URL).hostname not in LOOPBACK_HOSTS:
        return []
    return [
        checks.Warning(
            f"SITE_URL is {settings.SITE_URL}: links in emails and webhook payloads would point to this machine.",
            hint="Set SITE_URL to the site's public address, e.g. https://support.example.com",
            id="site.W001",
        )
    ]
