"""A new installation made usable in one step (`manage.py setup`): the first lead, the first
tags and the default lag. Without it a fresh site is a dead end: members start with 1
reputation, creating a tag takes more, and a question needs a tag."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from taggit.models import Tag

from accounts.models import User
from team import actions

STARTER_TAGS = {
    "getting-started": "Setting up, first steps and how things work.",
    "account": "Logging in, your details and your plan.",
    "billing": "Bills, payments and refunds.",
}


@dataclass
class SetupResult:
    lead: User
    lead_created: bool
    tags_created: list[str]


@transaction.atomic
def set_up_site(
    *,
    email: str,
    password: str | None,
    name: str = "",
    tags: Sequence[str] = tuple(STARTER_TAGS),
    default_lag_minutes: int | None = None,
) -> SetupResult:
    """Make `email` a lead who can log in (a confirmed address; `password` is needed only
    when the account is new), create the tags that do not exist yet, and store the default
    lag when given. Safe to run again: what exists is kept. Raises ValidationError for a
    weak password."""
    user = User.objects.filter(email__iexact=email).first()
    created = user is None
    if created:
        if not password:
            raise ValueError("A new lead needs a password.")
        username = _free_username(email.split("@", 1)[0])
        user = User(username=username, email=email, display_name=name)
        validate_password(password, user)
        user.set_password(password)
        user.save()
    address, _ = EmailAddress.objects.get_or_create(
        user=user, email__iexact=email, defaults={"email": email, "primary": True}
    )
    if not address.verified:
        address.verified = True
        address.save(update_fields=["verified"])
    actions.grant_role(user=user, role="lead", by=None)

    existing = set(Tag.objects.filter(name__in=tags).values_list("name", flat=True))
    new_tags = [name for name in tags if name not in existing]
    for tag_name in new_tags:
        actions.create_tag(name=tag_name, description=STARTER_TAGS.get(tag_name, ""), by=None)
    if default_lag_minutes is not None:
        actions.change_default_lag(minutes=default_lag_minutes, by=None)
    return SetupResult(lead=user, lead_created=created, tags_created=new_tags)


def _free_username(base: str) -> str:
    base = "".join(char for char in base if char.isalnum() or char in "._-")[:140] or "lead"
    candidate, number = base, 1
    while User.objects.filter(username__iexact=candidate).exists():
        number += 1
        candidate = f"{base}{number}"
    return candidate
