"""The cases' part of deleting an account (accounts.signals.account_deleting, in the
deletion's transaction). A customer's private cases are theirs: they go with the account,
messages and invitation included. A rep's messages in other members' cases stay, as their
posts do ("a former member" wrote them), and the cases they looked after wait for another rep."""

from django.dispatch import receiver

from accounts.erasure import scrub_rows
from accounts.signals import account_deleting
from cases.models import Case, CaseMessage


@receiver(account_deleting, dispatch_uid="cases.erase_member")
def erase_member(sender, *, member, names, **kwargs) -> None:
    Case.objects.filter(customer=member).delete()
    Case.objects.filter(handled_by=member).update(handled_by=None)
    scrub_rows(CaseMessage.objects.all(), ["body", "body_html"], names)
    scrub_rows(Case.objects.all(), ["summary", "summary_html"], names)
