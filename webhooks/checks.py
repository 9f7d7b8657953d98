"""The deploy check: loopback receivers are for development and the tests only."""

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.security, deploy=True)
def loopback_receivers_refused_in_production(app_configs, **kwargs) -> list[checks.CheckMessage]:
    if settings.WEBHOOKS_ALLOW_LOOPBACK and not settings.DEBUG:
        return [
            checks.Error(
                "WEBHOOKS_ALLOW_LOOPBACK is on with DEBUG off: webhooks could reach services on this machine.",
                hint="Unset WEBHOOKS_ALLOW_LOOPBACK in production.",
                id="webhooks.E001",
            )
        ]
    return []
