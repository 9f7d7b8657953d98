"""The API's part of deleting an account (accounts/erasers.py, registered in apps.py, run in
the deletion's transaction): the member's tokens go, so nothing can act as a former member."""

from api.models import ApiToken

ERASES = {"api.ApiToken.user"}  # personal API tokens: nothing acts as a former member
KEEPS: dict[str, str] = {}


def erase_member(*, member, **kwargs) -> None:
    ApiToken.objects.filter(user=member).delete()
