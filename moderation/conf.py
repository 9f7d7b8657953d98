"""Moderation's domain settings: serial votes and members' flags.

Each may be overridden by a Django setting of the same name (config/appsettings.py).
"""

from datetime import timedelta

from config.appsettings import AppSettings
from config.env import env_int


class ModerationSettings(AppSettings):
    # One voter giving one author more votes than this in 24 hours is recorded for
    # moderators (moderation/serial_votes.py).
    REPUTATION_SUSPICIOUS_VOTES = 5

    # Members' flags (moderation/actions/flags.py): a post is hidden pending review once the
    # open flags that may hide it weigh this much. A flagger's weight (1, or 2 when trusted)
    # gains one at this accuracy or better and loses one at this accuracy or worse, once
    # this many of their flags are decided.
    FLAG_HIDE_WEIGHT = env_int("FLAG_HIDE_WEIGHT", 3)
    FLAG_ACCURACY_MIN_DECIDED = 5
    FLAG_ACCURACY_GOOD = 0.8
    FLAG_ACCURACY_POOR = 0.3
    # Standing to flag (moderation/standing.py): the "flag" and "trusted_flagger" reputations
    # (forum.conf's PRIVILEGES) count only what other members gave, not accounts that joined
    # within FLAG_PEER_WINDOW of the flagger's, from at least FLAG_MIN_DISTINCT_MEMBERS
    # members, on an account at least FLAG_MIN_ACCOUNT_AGE old: accounts that only reward
    # each other unlock nothing.
    FLAG_MIN_ACCOUNT_AGE = timedelta(days=3)
    FLAG_PEER_WINDOW = timedelta(days=1)
    FLAG_MIN_DISTINCT_MEMBERS = 2
    # What tells the moderators (a hide by members' flags, a personal-data report) gathers in
    # one notification per moderator, emailed this long after the first event
    # (forum/notification_batches.py): a spam wave is one email, not thirty.
    MODERATOR_EMAIL_WAIT = timedelta(seconds=env_int("MODERATOR_EMAIL_WAIT_SECONDS", 120))


conf = ModerationSettings()
