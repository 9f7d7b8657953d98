from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    """Signed webhooks: the events a support team cares about, delivered to its other tools."""

    name = "webhooks"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from config import events
        from webhooks import actions, checks  # noqa: F401  (checks registers the deploy check)

        events.subscribe(actions.record_deliveries)
