"""Subscriptions (a URL, its secret, the events it wants) and the delivery log."""

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse

from accounts.erasure import FORMER_MEMBER


def new_secret() -> str:
    return secrets.token_hex(32)


class Subscription(models.Model):
    url = models.URLField(max_length=2000)
    # Kept readable: every delivery is signed with it (HMAC), so it cannot be stored hashed.
    secret = models.CharField(max_length=64, default=new_secret)
    # A list of config.events.EVENTS names: JSON works alike on SQLite and PostgreSQL.
    events = models.JSONField(default=list)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    active = models.BooleanField(default=True)
    disabled_at = models.DateTimeField(null=True, blank=True)
    # Why the site disabled it (failures); blank when a lead did, who is `disabled_by`, by id,
    # so that the page names them as they are now ("a former member" once they have left).
    disabled_reason = models.CharField(max_length=300, blank=True)
    disabled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    consecutive_failures = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.url

    def get_absolute_url(self) -> str:
        return reverse("webhooks:detail", kwargs={"subscription_id": self.pk})

    def wants(self, event: str) -> bool:
        return event in self.events

    @property
    def disabled_note(self) -> str:
        """Why it is disabled, as the page says it: the failures the site gave, or the lead
        who disabled it by hand, by their name as it is now."""
        if self.disabled_reason:
            return self.disabled_reason
        return f"Disabled by {self.disabled_by.name if self.disabled_by else FORMER_MEMBER}."


class Delivery(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        DELIVERED = "delivered", "Delivered"
        FAILED = "failed", "Failed"  # a test event that did not arrive: never retried
        ABANDONED = "abandoned", "Abandoned"  # retried for WEBHOOK_RETRY_FOR, then given up

    subscription = models.ForeignKey(Subscription, on_delete=models.CASCADE, related_name="deliveries")
    event = models.CharField(max_length=50)
    payload = models.JSONField()
    # The receiver's key for dropping repeats: the same on every attempt.
    delivery_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    first_attempt_at = models.DateTimeField(null=True, blank=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    response_code = models.PositiveSmallIntegerField(null=True, blank=True)
    duration_ms = models.PositiveIntegerField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)
    # When the next attempt is due; while one is being sent, the end of its lease.
    next_attempt_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name_plural = "deliveries"
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="webhooks_delivery_due"),
            models.Index(fields=["subscription", "-created_at", "-id"], name="webhooks_delivery_log"),
        ]

    def __str__(self) -> str:
        return f"{self.event} to {self.subscription_id} ({self.status})"
