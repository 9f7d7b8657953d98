"""What accounts announces, so that the apps built on it erase what they hold about a member
without accounts importing them (accounts is the lowest layer)."""

from django.dispatch import Signal

# A member's account is being deleted (accounts.actions.delete_account), inside its
# transaction, holding the user's row lock, before the member's own fields are erased.
# Sends: member (the user, still with their old fields), names (accounts.erasure.Names: their
# username, display name and email addresses), by (who deletes it), now. Each app connects a
# receiver in its AppConfig.ready() that deletes the member's own private rows (their
# notifications, follows, claims, API tokens when there are any) and scrubs the names out of
# text its rows copied; tests/accounts/test_personal_data.py looks through every table
# afterwards. An exception in a receiver undoes the whole deletion.
account_deleting = Signal()
