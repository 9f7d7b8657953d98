"""What the forum announces, so that the apps built on it (responses, moderation) can act
on it without the forum importing them.

Each signal is sent by the action in forum/actions/ that made the change, inside its
transaction and holding its locks, after the change: a receiver's writes commit or roll
back with the action, and an exception in a receiver undoes the whole action. Receivers
are connected in their app's AppConfig.ready() and run in INSTALLED_APPS order.
"""

from django.dispatch import Signal

# An answer was added to a thread. Sends: post, thread (as it was before the answer, its row
# locked), official (posted as an official reply), follow_up (False when the reply expects no
# answer from the company: the asker's update after a resolved case), now.
answer_posted = Signal()

# A member's vote on a post was set, changed or taken back. Sends: post, voter, value (+1,
# -1 or 0), previous (the vote it replaced, 0 for none), now.
vote_cast = Signal()

# A member said "me too" (on=True) or took it back. Sends: thread, user, on, now.
me_too_changed = Signal()

# A view of a thread was counted (once per viewer within VIEW_COUNT_WINDOW). Sends: thread, now.
view_recorded = Signal()
