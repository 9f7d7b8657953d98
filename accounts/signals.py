"""What accounts announces, so that the apps built on it erase what they hold about a member
without accounts importing them (accounts is the lowest layer)."""

from django.dispatch import Signal

# A member's account is being deleted (accounts.actions.delete_account), inside its
# transaction, holding the user's row lock, before the member's own fields are erased.
# Sends: member (the user, still with their old fields), by (who deletes it), now. Each app
# connects a receiver in its AppConfig.ready() that deletes or empties the member's OWN rows,
# found by the member's id through an indexed foreign key (their notifications, follows,
# claims, tokens, the notes on their flags), and never edits text anyone else wrote, nor
# searches any table for the member's name: rows that say who did something hold the person
# by id and read their name at read time. tests/accounts/test_personal_data.py and
# tests/accounts/test_erasure_leaves_others_words.py look through every table afterwards.
# An exception in a receiver undoes the whole deletion.
account_deleting = Signal()
