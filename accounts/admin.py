from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from accounts import actions
from config.readonly_admin import ChangesPages


# Not registered here: moderation/admin.py registers this admin's subclass with the
# moderators' decisions (suspend, lift), the one registration of User.
class UserAdmin(ChangesPages, DjangoUserAdmin):
    # A name, a staff flag or an account's activity shows wherever the member's name does.
    def _pages_changed(self, objects) -> None:
        from config import pagecache

        pagecache.changed("site", "roles", *(f"member:{user.pk}" for user in objects))

    list_display = ("username", "email", "display_name", "reputation", "is_active", "is_staff", "date_joined")
    list_filter = ("groups", "is_active", "is_staff", "is_superuser", "deleted_at")
    search_fields = ("username", "email", "display_name")
    # Reputation is a cache of the ledger (rebuild_reputation repairs it); suspensions are
    # moderators' decisions, made on the site so that the public log records them.
    readonly_fields = ("reputation", "suspended_until", "suspension_reason", "deleted_at")
    actions = ["delete_accounts"]
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        (
            "Helpcircle",
            {
                "fields": (
                    "display_name",
                    "bio",
                    "reputation",
                    "email_notifications",
                    "suspended_until",
                    "suspension_reason",
                    "deleted_at",
                )
            },
        ),
    )

    @admin.action(description="Delete the selected accounts: erase their personal data, keep their posts")
    def delete_accounts(self, request, queryset) -> None:
        """What a member does at /settings/delete/ (accounts.actions.delete_account), for an
        administrator: roles are taken away with the rest. Never an administrator's account
        (take the superuser status away first), nor your own."""
        if not request.user.is_superuser:
            self.message_user(request, "Only administrators delete accounts here.", messages.ERROR)
            return
        deleted = 0
        for member in queryset.filter(deleted_at=None, is_superuser=False).exclude(pk=request.user.pk):
            deleted += actions.delete_account(member=member, by=request.user)
        self.message_user(request, f"{deleted} account{'s' if deleted != 1 else ''} deleted; their posts stay.")
