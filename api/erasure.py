"""The API's part of deleting an account (accounts.signals.account_deleting, in the
deletion's transaction): the member's tokens go, so nothing can act as a former member."""

from django.dispatch import receiver

from accounts.signals import account_deleting
from api.models import ApiToken


@receiver(account_deleting, dispatch_uid="api.erase_member")
def erase_member(sender, *, member, **kwargs) -> None:
    ApiToken.objects.filter(user=member).delete()
