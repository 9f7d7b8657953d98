"""Create the role groups and give each the permissions the design assigns it.

The table is frozen here rather than imported from accounts/roles.py: a migration must
mean the same thing forever. Later changes to roles add a new migration.
"""

from django.db import migrations

PERMISSIONS = {
    "verified_staff": "Shown with the verified-staff badge",
    "post_official": "Can post official replies and mark or unmark replies official",
    "work_official_queue": "Can claim, answer and dismiss items in the official-response queue",
    "open_case": "Can open a private case with a customer",
    "post_announcement": "Can post announcements",
    "set_idea_status": "Can set the status of an idea",
    "view_dashboard": "Can see the response-time dashboard",
    "receive_escalations": "Receives escalations of overdue threads",
    "moderate": "Can triage reports: dismiss, hide, restore, lock, close as duplicate",
    "suspend_member": "Can suspend a member for a time",
    "edit_any_post": "Can edit any post",
    "accept_any_answer": "Can accept an answer on any thread",
    "see_moderation_names": "Sees who acted and who was acted on in the moderation log",
}
REP = ["verified_staff", "post_official", "work_official_queue", "open_case", "post_announcement",
       "set_idea_status", "view_dashboard"]
GROUPS = {
    "Reps": REP,
    "Leads": [*REP, "receive_escalations"],
    "Moderators": ["moderate", "suspend_member", "edit_any_post", "accept_any_answer", "see_moderation_names"],
}


def create_groups(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    user_type, _ = ContentType.objects.get_or_create(app_label="accounts", model="user")
    permissions = {}
    for codename, name in PERMISSIONS.items():
        permissions[codename], _ = Permission.objects.get_or_create(
            content_type=user_type, codename=codename, defaults={"name": name}
        )
    for group_name, codenames in GROUPS.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        group.permissions.add(*(permissions[codename] for codename in codenames))


def delete_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, delete_groups)]
