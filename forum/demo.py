"""Demo data for `make run`: a believable forum for a fictional company, Brightwave
(home broadband and a router app). Deterministic for a given seed."""

from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.db import transaction

from accounts import roles
from accounts.models import User

DEMO_PASSWORD = "helpcircle-demo"


@dataclass(frozen=True)
class DemoPerson:
    username: str
    display_name: str
    role: str  # "member", a group name, or "admin"

    @property
    def email(self) -> str:
        return f"{self.username}@example.com"


PEOPLE = [
    DemoPerson("ada", "Ada Lovelace", "member"),
    DemoPerson("ben", "Ben Okafor", "member"),
    DemoPerson("chloe", "Chloe Martin", "member"),
    DemoPerson("dev", "Dev Patel", "member"),
    DemoPerson("eva", "Eva Novak", "member"),
    DemoPerson("farid", "Farid Haddad", "member"),
    DemoPerson("grace", "Grace Kim", "member"),
    DemoPerson("hugo", "Hugo Silva", "member"),
    DemoPerson("rita", "Rita (Brightwave)", roles.REPS),
    DemoPerson("ravi", "Ravi (Brightwave)", roles.REPS),
    DemoPerson("lena", "Lena (Brightwave lead)", roles.LEADS),
    DemoPerson("mo", "Mo the moderator", roles.MODERATORS),
    DemoPerson("admin", "Site admin", "admin"),
]


def demo_logins() -> list[tuple[str, str, str]]:
    """(role, email, password) for the README and `make run`'s banner."""
    firsts: dict[str, DemoPerson] = {}
    for person in PEOPLE:
        firsts.setdefault(person.role, person)
    return [(role, person.email, DEMO_PASSWORD) for role, person in firsts.items()]


@transaction.atomic
def create_people() -> dict[str, User]:
    people = {}
    groups = {group.name: group for group in Group.objects.all()}
    for person in PEOPLE:
        user = User.objects.create_user(
            username=person.username,
            email=person.email,
            password=DEMO_PASSWORD,
            display_name=person.display_name,
            is_staff=person.role == "admin",
            is_superuser=person.role == "admin",
        )
        EmailAddress.objects.create(user=user, email=person.email, verified=True, primary=True)
        if person.role in groups:
            user.groups.add(groups[person.role])
        people[person.username] = user
    return people


def seed(*, seed: int = 7) -> dict[str, User]:
    return create_people()
