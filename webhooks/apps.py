from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    """Signed webhooks: the events a support team cares about, delivered to its other tools."""

    name = "webhooks"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from accounts import erasers
        from config import events
        from webhooks import actions, checks  # noqa: F401  (checks registers the deploy check)

        events.subscribe(actions.record_deliveries, dispatch_uid="webhooks.record_deliveries")
        # Deleting an account leaves the team's webhooks alone: who made or disabled one is held
        # by id and reads "a former member" (accounts/erasers.py).
        erasers.register(
            app="webhooks",
            erase=None,
            keeps={
                "webhooks.Subscription.created_by": "the team's webhook stays, made by 'a former member'",
                "webhooks.Subscription.disabled_by": "'Disabled by a former member.'",
            },
        )
