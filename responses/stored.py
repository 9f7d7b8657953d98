"""Where the engine's stored copies got to: the configuration its stored times were computed
with (StoredTiming) and the reputation ledger row its copies of the askers' standing include
(StandingCopied). One row each; responses/models.py imports them, so they are this app's."""

from django.db import models


class StoredTiming(models.Model):
    """One row: the configuration (default lag, escalation and offer settings) that the stored
    times (ResponseState.lag_minutes, due_at, escalates_at, offers_at) were computed with. The
    periodic jobs compare it with today's first and re-time every waiting thread when a
    deployment changed one (responses.waiting.retime_if_configuration_changed)."""

    configuration = models.CharField(max_length=200)
    retimed_at = models.DateTimeField()

    class Meta:
        constraints = [models.CheckConstraint(condition=models.Q(pk=1), name="stored_timing_single_row")]

    def __str__(self) -> str:
        return f"Times stored for {self.configuration}"


class StandingCopied(models.Model):
    """One row: the newest reputation ledger row (forum.ReputationEvent) whose member the
    beat's refresh_askers_standing has looked at, so that a run reads only the members whose
    reputation moved since (a pass over every queued row took 2-5 s at 1,000,000 threads)."""

    ledger_id = models.BigIntegerField()

    class Meta:
        constraints = [models.CheckConstraint(condition=models.Q(pk=1), name="standing_copied_single_row")]

    def __str__(self) -> str:
        return f"Askers' standing copied up to ledger row {self.ledger_id}"
