from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from accounts.models import User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ("username", "email", "display_name", "reputation", "is_active", "is_staff", "date_joined")
    list_filter = ("groups", "is_active", "is_staff", "is_superuser")
    search_fields = ("username", "email", "display_name")
    # Reputation is a cache of the ledger (rebuild_reputation repairs it); suspensions are
    # moderators' decisions, made on the site so that the public log records them.
    readonly_fields = ("reputation", "suspended_until", "suspension_reason")
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
                )
            },
        ),
    )
