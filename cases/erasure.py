"""The cases' part of deleting an account (accounts/erasers.py, registered in apps.py, run in
the deletion's transaction). A customer's private cases are theirs: they go with the account,
messages and invitation included. A rep's messages in other members' cases stay, word for
word, as their posts do ("a former member" wrote them), and the cases they looked after wait
for another rep. Nobody's messages are edited."""

from cases.models import Case

ERASES = {
    "cases.Case.customer",  # a member's private cases go with their account
    "cases.Case.handled_by",  # back to the team, for another rep to take
}
KEEPS = {
    "cases.Case.opened_by": "the rep who opened a case, by id",
    "cases.Case.resolved_by": "the rep who resolved it, by id",
    "cases.CaseMessage.author": "a rep's messages in others' cases, as they wrote them",
}


def erase_member(*, member, **kwargs) -> None:
    Case.objects.filter(customer=member).delete()
    Case.objects.filter(handled_by=member).update(handled_by=None)
