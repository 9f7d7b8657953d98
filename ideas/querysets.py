"""Reads: the ideas list in its orders and the idea panel's parts, each query carrying what
its page shows, so that no page's query count grows with its rows."""

from __future__ import annotations

from django.db import models

from accounts.permissions import carries_verified_badge
from config.append_only import AppendOnlyQuerySet

# Linked support threads shown on an idea's panel; past this, "and more" (the latest first).
LINKS_SHOWN = 20


class IdeaQuerySet(models.QuerySet):
    def listed(self) -> IdeaQuerySet:
        """Ideas the list shows: not those whose author withdrew the question."""
        return self.filter(thread__withdrawn_at=None)

    def with_status(self, status: str | None) -> IdeaQuerySet:
        return self.filter(status=status) if status else self

    def by_votes(self) -> IdeaQuerySet:
        """An idea's score is its thread's (the question's votes); newest first among equals."""
        return self.order_by("-thread__score", "-thread__created_at", "-pk")

    def newest(self) -> IdeaQuerySet:
        return self.order_by("-thread__created_at", "-pk")

    def status_counts(self) -> dict[str, int]:
        """How many ideas hold each status, in one query."""
        rows = self.order_by().values_list("status").annotate(count=models.Count("pk"))
        return dict(rows)


class IdeaStatusChangeQuerySet(AppendOnlyQuerySet):
    """The history is append-only: no bulk update() or delete() (config/append_only.py)."""

    def with_changer(self) -> IdeaStatusChangeQuerySet:
        """Who made each change, with their verified badge, oldest first."""
        return (
            self.select_related("changed_by")
            .annotate(changer_is_verified=carries_verified_badge("changed_by_id"))
            .order_by("changed_at", "pk")
        )


class IdeaLinkQuerySet(models.QuerySet):
    def shown_on(self, idea_id: int) -> IdeaLinkQuerySet:
        """The support threads linked to an idea, the latest first, without withdrawn ones."""
        return (
            self.filter(idea_id=idea_id, thread__withdrawn_at=None)
            .select_related("thread")
            .order_by("-linked_at", "-pk")
        )
