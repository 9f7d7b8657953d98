"""Deleting an account: the erasers, one per app that holds members' rows.

Erasure is a legal obligation, not an optional reaction, so it is no signal: accounts declares
this registry, each app above it registers its eraser in its AppConfig.ready(), and
accounts.actions.delete_account calls every one in its transaction (holding the user's row
lock, before the member's own fields are erased). An eraser deletes or empties the member's
OWN rows, found by the member's id through an indexed foreign key, never edits text anyone
else wrote and never searches a table for the member's name: rows that say who did something
hold the person by id and read their name at read time (accounts/erasure.py).

Each eraser also says, for every foreign key to the user model in its app, what deleting an
account does to those rows: `erases` (no row of the member's is left) or `keeps` (with why).
A foreign key nobody decided fails the system check accounts.E001 and
tests/accounts/test_erasers.py, so a new model holding a member cannot be forgotten.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from django.apps import apps

# erase(member=..., by=..., now=...): member is the user, still with their old fields.
Erase = Callable[..., None]

# The foreign keys to the user model that accounts itself decides (accounts/actions.py), those
# of the framework's apps included: their rows are accounts' to look after.
OWN_ERASES = frozenset(
    {
        "account.EmailAddress.user",  # the address can sign up again
        "accounts.User_groups.user",  # roles
        "accounts.User_user_permissions.user",
    }
)
OWN_KEEPS = {"admin.LogEntry.user": "what administrators did; the entries about the member read 'a former member'"}


@dataclass(frozen=True)
class Eraser:
    app: str
    erase: Erase | None  # None: the app keeps every row (each one reasoned in `keeps`)
    erases: frozenset[str] = frozenset()
    keeps: Mapping[str, str] = field(default_factory=dict)


_erasers: dict[str, Eraser] = {}


def register(*, app: str, erase: Erase | None, erases: set[str] = frozenset(), keeps: Mapping[str, str] = {}) -> None:
    """Register `app`'s eraser (once, from its AppConfig.ready()); registering again replaces it.
    `erases` and `keeps` name foreign keys to the user model as "app_label.Model.field"."""
    _erasers[app] = Eraser(app=app, erase=erase, erases=frozenset(erases), keeps=dict(keeps))


def erasers() -> list[Eraser]:
    """The registered erasers, in the order their apps registered (INSTALLED_APPS order)."""
    return list(_erasers.values())


def erase_member(*, member, by, now: datetime) -> None:
    """Run every app's eraser. Call inside delete_account's transaction: an eraser that fails
    undoes the whole deletion."""
    for eraser in _erasers.values():
        if eraser.erase is not None:
            eraser.erase(member=member, by=by, now=now)


def erased_fields() -> set[str]:
    return set(OWN_ERASES).union(*(eraser.erases for eraser in _erasers.values()))


def kept_fields() -> set[str]:
    return set(OWN_KEEPS).union(*(eraser.keeps for eraser in _erasers.values()))


def user_foreign_keys() -> set[str]:
    """Every foreign key to the user model, as "app_label.Model.field" (M2M tables included).
    A proxy model (responses.QueueThread) has its concrete model's table and rows: the concrete
    model's eraser decides for both."""
    user = apps.get_model("accounts", "User")  # the registry imports no model at import time
    found = set()
    for model in apps.get_models(include_auto_created=True):
        if model._meta.proxy:
            continue
        for field_ in model._meta.get_fields():
            if field_.concrete and field_.is_relation and field_.many_to_one and field_.related_model is user:
                found.add(f"{model._meta.app_label}.{model.__name__}.{field_.name}")
    return found


def undecided() -> set[str]:
    """The foreign keys to the user model that no eraser erases or keeps."""
    return user_foreign_keys() - erased_fields() - kept_fields()
