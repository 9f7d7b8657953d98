import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from accounts.roles import GROUP_PERMISSIONS
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def group_permissions() -> dict[str, set[str]]:
    return {
        group.name: set(group.permissions.values_list("codename", flat=True))
        for group in Group.objects.filter(name__in=GROUP_PERMISSIONS)
    }


def test_the_migration_creates_each_role_group_with_its_permissions():
    assert group_permissions() == {name: set(codenames) for name, codenames in GROUP_PERMISSIONS.items()}


def test_sync_roles_rebuilds_deleted_or_edited_groups():
    Group.objects.get(name="Reps").permissions.clear()
    Group.objects.get(name="Leads").delete()
    call_command("sync_roles")
    assert group_permissions() == {name: set(codenames) for name, codenames in GROUP_PERMISSIONS.items()}


@pytest.mark.parametrize(
    ("groups", "allowed", "refused"),
    [
        ([], set(), {"accounts.post_official", "accounts.moderate", "accounts.view_dashboard"}),
        (["Reps"], {"accounts.post_official", "accounts.view_dashboard"}, {"accounts.receive_escalations"}),
        (["Leads"], {"accounts.post_official", "accounts.receive_escalations"}, {"accounts.moderate"}),
        (["Moderators"], {"accounts.moderate", "accounts.edit_any_post"}, {"accounts.post_official"}),
    ],
)
def test_roles_grant_permissions_through_groups(groups, allowed, refused):
    user = UserFactory(groups=groups)
    assert all(user.has_perm(permission) for permission in allowed)
    assert not any(user.has_perm(permission) for permission in refused)


def test_a_rep_sees_the_staff_badge_beside_their_name_in_the_header(client, rep, member):
    client.force_login(rep)
    assert "badge--verified" in client.get("/").content.decode()
    client.force_login(member)
    assert "badge--verified" not in client.get("/").content.decode()
