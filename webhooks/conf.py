"""Webhook delivery's domain settings, each overridable by a Django setting of the same name
(config/appsettings.py). The address rules a deployment must decide (WEBHOOKS_REQUIRE_HTTPS,
WEBHOOKS_ALLOW_LOOPBACK, checked by `check --deploy`) stay with the security settings in
config/settings.py."""

from datetime import timedelta

from config.appsettings import AppSettings
from config.env import env_int


class WebhooksSettings(AppSettings):
    # Deliveries wait this long for an answer; a failed one is retried after
    # WEBHOOK_FIRST_RETRY, doubling, until WEBHOOK_RETRY_FOR after its first attempt, then
    # abandoned. This many failed attempts in a row (across deliveries), or one abandoned
    # delivery, disable a subscription.
    WEBHOOK_TIMEOUT = timedelta(seconds=env_int("WEBHOOK_TIMEOUT_SECONDS", 10))
    WEBHOOK_FIRST_RETRY = timedelta(seconds=30)
    WEBHOOK_RETRY_FOR = timedelta(hours=24)
    WEBHOOK_DISABLE_AFTER = env_int("WEBHOOK_DISABLE_AFTER", 10)
    WEBHOOK_SWEEP_BATCH = 100  # deliveries one sweep sends, one after the other


conf = WebhooksSettings()
