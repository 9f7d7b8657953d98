"""Role changes named the member by a copy of their email in `subject` (issue 24): each now
holds the member by id, and the log shows their email as it is when read ("a former member"
once they have left).

A copy is converted when the email belongs to exactly one user: their account's email, or
one of their addresses (allauth's EmailAddress), compared without case. Anything else stays
as written: an address nobody has any more, or "a former member" where an account deleted
before issue 24 was already erased from the log. The log is small (leads' changes): no
batching is needed."""

from django.db import migrations

ROLE_ACTIONS = ("grant_role", "revoke_role")


def owners_of(apps, email: str) -> set[int]:
    User = apps.get_model("accounts", "User")
    EmailAddress = apps.get_model("account", "EmailAddress")
    return set(User.objects.filter(email__iexact=email).values_list("pk", flat=True)) | set(
        EmailAddress.objects.filter(email__iexact=email).values_list("user_id", flat=True)
    )


def emails_to_members(apps, schema_editor):
    TeamChange = apps.get_model("team", "TeamChange")
    copies = TeamChange.objects.filter(action__in=ROLE_ACTIONS, member__isnull=True, subject__contains="@")
    for pk, email in list(copies.values_list("pk", "subject")):
        owners = owners_of(apps, email.strip())
        if len(owners) == 1:
            # Past the log's append-only guard: the historical model has a plain manager.
            TeamChange.objects.filter(pk=pk).update(member_id=next(iter(owners)), subject="")


def members_to_emails(apps, schema_editor):
    """Before issue 24 the subject held the email: put it back, as it is now."""
    TeamChange = apps.get_model("team", "TeamChange")
    for change in list(TeamChange.objects.filter(member__isnull=False).select_related("member")):
        email = change.member.email or "a former member"
        TeamChange.objects.filter(pk=change.pk).update(subject=email[:200], member=None)


class Migration(migrations.Migration):
    dependencies = [
        ("team", "0002_i24_erasure_member"),
        # The users' fields read here exist from then on.
        ("accounts", "0008_weekly_digest"),
        ("account", "0001_initial"),
    ]

    operations = [migrations.RunPython(emails_to_members, members_to_emails, elidable=False)]
