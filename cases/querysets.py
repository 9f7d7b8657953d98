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

        return (
            self.select_related("thread", "customer", "handled_by")
            .annotate(customer_is_verified=carries_verified_badge("customer_id"))
            .with_current_handler()
        )

    def with_current_handler(self) -> CaseQuerySet:
        """`handler_is_current`: whether the rep handling the case may still handle it (holds
        open_case now). A rep deactivated, suspended, or stripped of the role in the admin
        is shown handling nothing: the case waits for another representative."""
        from accounts.permissions import holders_of

        return self.annotate(
            handler_is_current=models.Exists(holders_of("open_case").filter(pk=models.OuterRef("handled_by_id")))
        )

    def first_reached_out_on(self, thread) -> CaseQuerySet:
        """The thread's first case: when a representative first reached out privately."""
        return self.filter(thread=thread).order_by("opened_at", "pk")
