"""Moderation hears what happens in the forum (forum/signals.py), inside the transaction of
the forum's action: new members' first posts with links, votes for the serial-vote
detector, and redactions for the public log. Connected in apps.py."""

from django.dispatch import receiver

from forum import signals
from moderation.actions.redaction import record_redaction
from moderation.first_posts import queue_first_post_with_links
from moderation.serial_votes import watch_voting_pattern


@receiver(signals.post_created, dispatch_uid="moderation.first_post_with_links")
def first_post_with_links(sender, *, post, **kwargs) -> None:
    queue_first_post_with_links(post)


@receiver(signals.vote_cast, dispatch_uid="moderation.watch_voting_pattern")
def vote_pattern(sender, *, post, voter, value, now, **kwargs) -> None:
    if value:
        watch_voting_pattern(voter_id=voter.pk, author_id=post.author_id, now=now)


@receiver(signals.revision_redacted, dispatch_uid="moderation.log_redaction")
def redaction(sender, *, revision, post, by, now, **kwargs):
    # The forum undoes a redaction that no receiver recorded: return what was recorded.
    return record_redaction(revision=revision, post=post, by=by, now=now)
