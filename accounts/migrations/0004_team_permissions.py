"""Leads manage the team (lag policies, tags, roles) and assign queue items (issue 11).

Frozen here like 0002: a migration means the same thing forever."""

from django.db import migrations

NEW = {
    "manage_team": "Can manage lag policies, tags and who is a rep or a lead",
    "assign_queue_items": "Can assign official-queue items to a rep",
}


def grant_to_leads(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    user_type, _ = ContentType.objects.get_or_create(app_label="accounts", model="user")
    leads, _ = Group.objects.get_or_create(name="Leads")
    for codename, name in NEW.items():
        permission, _ = Permission.objects.get_or_create(
            content_type=user_type, codename=codename, defaults={"name": name}
        )
        leads.permissions.add(permission)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Permission.objects.filter(content_type__app_label="accounts", codename__in=NEW).delete()


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_suspension")]
    operations = [migrations.RunPython(grant_to_leads, revoke)]
