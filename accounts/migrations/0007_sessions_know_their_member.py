"""Sessions move to accounts.MemberSession (SESSION_ENGINE = "accounts.sessions"), which
records whose each one is: copy every unexpired session from Django's own table, with the
member it is logged in as, so nobody is logged out by the move, and empty the old table,
where sessions of a deleted account could otherwise outlive it. A session that no longer
decodes (another SECRET_KEY) is dropped, as Django would treat it as empty anyway."""

from django.contrib.sessions.backends.db import SessionStore
from django.db import migrations
from django.utils import timezone


def copy_sessions(apps, schema_editor):
    Session = apps.get_model("sessions", "Session")
    MemberSession = apps.get_model("accounts", "MemberSession")
    decoder = SessionStore()
    moved = []
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        data = decoder.decode(session.session_data)
        if not data:
            continue
        try:
            account_id = int(data.get("_auth_user_id"))
        except (TypeError, ValueError):
            account_id = None
        moved.append(
            MemberSession(
                session_key=session.session_key,
                session_data=session.session_data,
                expire_date=session.expire_date,
                account_id=account_id,
            )
        )
        if len(moved) >= 1000:
            MemberSession.objects.bulk_create(moved, ignore_conflicts=True)
            moved = []
    MemberSession.objects.bulk_create(moved, ignore_conflicts=True)
    Session.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0006_deleted_accounts_and_member_sessions"),
        ("sessions", "0001_initial"),
    ]

    operations = [migrations.RunPython(copy_sessions, migrations.RunPython.noop)]
