"""The serial-vote detector: one voter piling votes on one author, recorded for moderators.

Called for every vote, inside the vote's transaction (forum/moderation_port.py, installed in
apps.py).
"""

from datetime import datetime, timedelta

from config import pagecache
from forum.models import Vote
from moderation.conf import conf
from moderation.models import SuspiciousVoting


def watch_voting_pattern(*, voter_id: int, author_id: int, now: datetime) -> bool:
    """Record the pair for moderators when the voter has voted on the author's posts more
    than REPUTATION_SUSPICIOUS_VOTES times in 24 hours. Call inside the vote's transaction
    (which holds both users' rows locked). Returns True when the pair is recorded."""
    # The 24 hours up to this vote: a vote dated later (a backdated import) is not counted.
    window = (now - timedelta(hours=24), now)
    votes = Vote.objects.filter(user_id=voter_id, post__author_id=author_id, created_at__range=window)
    count = votes.count()
    if count <= conf.REPUTATION_SUSPICIOUS_VOTES:
        return False
    open_record = SuspiciousVoting.objects.filter(voter_id=voter_id, author_id=author_id, reviewed_at=None)
    if not open_record.update(vote_count=count):
        SuspiciousVoting.objects.create(voter_id=voter_id, author_id=author_id, vote_count=count, detected_at=now)
        pagecache.changed("reports")  # the moderators' header count
    return True
