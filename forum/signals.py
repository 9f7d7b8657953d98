"""What the forum announces, so that the apps built on it (moderation, ideas) can act on it
without the forum importing them. The response-time engine is not a listener: the actions
call it directly, through forum/engine.py.

Each signal is sent by the action in forum/actions/ that made the change, inside its
transaction and holding its locks, after the change: a receiver's writes commit or roll
back with the action, and an exception in a receiver undoes the whole action. Receivers
are connected in their app's AppConfig.ready() and run in INSTALLED_APPS order.
"""

from django.dispatch import Signal

# A question or an answer was written (with its first revision). Sends: post.
post_created = Signal()

# A member's vote on a post was set, changed or taken back. Sends: post, voter, value (+1,
# -1 or 0), previous (the vote it replaced, 0 for none), now.
vote_cast = Signal()

# The post's author or a moderator redacted an earlier revision of it (its text is now
# REDACTED). Sends: revision (as it is now), post, by, now. Redaction is never silent: a
# receiver must record it in the public moderation log and return what it recorded, or the
# redaction is undone (forum/actions/redaction.py).
revision_redacted = Signal()
