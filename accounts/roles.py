"""Which permissions each role's group holds.

Views and templates never ask which group somebody is in: they ask a permission, through
accounts/permissions.py or forum/permissions.py. The groups are created from this table by
migration 0002; a later change to it needs a new data migration.
"""

REPS = "Reps"
LEADS = "Leads"
MODERATORS = "Moderators"

# codename -> description; all live on accounts.User so that one content type holds them.
# Each is asked by the permissions module of the app it governs (accounts/, forum/,
# responses/, moderation/, cases/, announcements/ and ideas/ permissions.py).
ROLE_PERMISSIONS = {
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
    "manage_team": "Can manage lag policies, tags and who is a rep or a lead",
    "assign_queue_items": "Can assign official-queue items to a rep",
}

_REP = [
    "verified_staff",
    "post_official",
    "work_official_queue",
    "open_case",
    "post_announcement",
    "set_idea_status",
    "view_dashboard",
]

GROUP_PERMISSIONS = {
    REPS: _REP,
    LEADS: [*_REP, "receive_escalations", "manage_team", "assign_queue_items"],
    MODERATORS: ["moderate", "suspend_member", "edit_any_post", "accept_any_answer", "see_moderation_names"],
}


def sync_role_groups() -> None:
    """Make the role groups hold exactly the permissions in GROUP_PERMISSIONS.

    Migration 0002 did this once; this repairs a database whose groups were deleted or
    edited by hand (and rebuilds them after a test flushes the database).
    """
    from django.contrib.auth.models import Group, Permission
    from django.contrib.contenttypes.models import ContentType

    user_type = ContentType.objects.get_by_natural_key("accounts", "user")
    permissions = {}
    for codename, name in ROLE_PERMISSIONS.items():
        permissions[codename], _ = Permission.objects.get_or_create(
            content_type=user_type, codename=codename, defaults={"name": name}
        )
    for group_name, codenames in GROUP_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        group.permissions.set([permissions[codename] for codename in codenames])
