from django.conf import settings
from django.db import models
from django.utils import timezone


class SuspiciousVoting(models.Model):
    """A record of one voter giving one author more votes than REPUTATION_SUSPICIOUS_VOTES
    in 24 hours: a pattern for moderators to look at (the reports queue will read these)."""

    voter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    vote_count = models.PositiveIntegerField()
    detected_at = models.DateTimeField(default=timezone.now)
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "suspicious voting"
        constraints = [
            # At most one open record per pair; a reviewed one may be followed by a new one.
            models.UniqueConstraint(
                fields=["voter", "author"], condition=models.Q(reviewed_at=None), name="one_open_voting_record_per_pair"
            )
        ]

    def __str__(self) -> str:
        return f"{self.voter_id} voted {self.vote_count} times for {self.author_id}"
