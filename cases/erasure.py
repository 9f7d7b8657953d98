"""The cases' part of deleting an account (accounts.signals.account_deleting, in the
deletion's transaction). A customer's private cases are theirs: they go with the account,
messages and invitation included. A rep's messages in other members' cases stay, word for
word, as their posts do ("a former member" wrote them), and the cases they looked after wait
for another rep. Nobody's messages are edited."""

from django.dispatch import receiver

from accounts.signals import account_deleting
from cases.models import Case


@receiver(account_deleting, dispatch_uid="cases.erase_member")
def erase_member(sender, *, member, **kwargs) -> None:
    Case.objects.filter(customer=member).delete()
    Case.objects.filter(handled_by=member).update(handled_by=None)
