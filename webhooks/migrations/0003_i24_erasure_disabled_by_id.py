"""A lead who disabled a webhook was named by a copy in its reason, "Disabled by Lena." (issue
24): the lead is now held by id (Subscription.disabled_by) and the reason left blank, so the
page names them as they are when read ("a former member" once they have left).

A copy is converted when the name is the display name or username of exactly one user, or of
exactly one lead when several share it. Anything else stays as written (a lead renamed since,
or "a former member" already). Subscriptions are few: no batching is needed."""

from django.db import migrations
from django.db.models import Q

PREFIX, SUFFIX = "Disabled by ", "."
LEADS = "Leads"  # accounts.roles.LEADS, the group that manages webhooks


def names_to_leads(apps, schema_editor):
    Subscription = apps.get_model("webhooks", "Subscription")
    User = apps.get_model("accounts", "User")
    copies = Subscription.objects.filter(
        disabled_by__isnull=True, disabled_reason__startswith=PREFIX, disabled_reason__endswith=SUFFIX
    )
    for pk, reason in list(copies.values_list("pk", "disabled_reason")):
        name = reason[len(PREFIX) : -len(SUFFIX)]
        called = User.objects.filter(Q(display_name=name) | Q(username=name))
        ids = set(called.values_list("pk", flat=True))
        if len(ids) > 1:
            ids = set(called.filter(groups__name=LEADS).values_list("pk", flat=True))
        if len(ids) == 1:
            Subscription.objects.filter(pk=pk).update(disabled_by_id=next(iter(ids)), disabled_reason="")


def leads_to_names(apps, schema_editor):
    """Before issue 24 the reason held the name: put it back, as it is now."""
    Subscription = apps.get_model("webhooks", "Subscription")
    for subscription in list(Subscription.objects.filter(disabled_by__isnull=False).select_related("disabled_by")):
        lead = subscription.disabled_by
        name = "a former member" if lead.deleted_at else (lead.display_name or lead.username)
        Subscription.objects.filter(pk=subscription.pk).update(
            disabled_reason=f"{PREFIX}{name}{SUFFIX}"[:300], disabled_by=None
        )


class Migration(migrations.Migration):
    dependencies = [
        ("webhooks", "0002_i24_erasure_disabled_by"),
        ("accounts", "0008_weekly_digest"),
    ]

    operations = [migrations.RunPython(names_to_leads, leads_to_names, elidable=False)]
