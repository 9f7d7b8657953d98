"""Which permissions each role's group holds.

Views and templates never ask which group somebody is in: they ask a permission, through
accounts/permissions.py or forum/permissions.py. The groups are created from this table by
migration 0002; a later change to it needs a new data migration.
"""

REPS = "Reps"
LEADS = "Leads"
MODERATORS = "Moderators"

# codename -> description; all live on accounts.User so that one content type holds them.
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
    LEADS: [*_REP, "receive_escalations"],
    MODERATORS: ["moderate", "suspend_member", "edit_any_post", "accept_any_answer", "see_moderation_names"],
}
