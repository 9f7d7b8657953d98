"""Reads of private cases."""

from __future__ import annotations

from django.db import models


class CaseQuerySet(models.QuerySet):
    def open(self) -> CaseQuerySet:
        return self.filter(status="open")

    def of_customer(self, user) -> CaseQuerySet:
        """A member's own cases, latest conversation first."""
        return self.filter(customer=user).order_by("-last_message_at", "-pk")

    def for_team(self) -> CaseQuerySet:
        """The reps' list: open cases, the oldest first (who has waited longest)."""
        return self.open().order_by("opened_at", "pk")

    def resolved_latest_first(self) -> CaseQuerySet:
        return self.filter(status="resolved").order_by("-resolved_at", "-pk")

    def for_list(self) -> CaseQuerySet:
        """What a row shows: the thread, the customer and who handles it."""
        from accounts.permissions import carries_verified_badge

        return self.select_related("thread", "customer", "handled_by").annotate(
            customer_is_verified=carries_verified_badge("customer_id")
        )

    def first_reached_out_on(self, thread) -> CaseQuerySet:
        """The thread's first case: when a representative first reached out privately."""
        return self.filter(thread=thread).order_by("opened_at", "pk")
