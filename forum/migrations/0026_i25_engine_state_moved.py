# Issue 25: the response-time engine's columns and the accept reminder left forum.Thread; their
# rows were copied by responses/migrations/0004 and reminders/migrations/0002.

from django.db import migrations

MOVED = (
    "accept_reminded_at",
    "escalated_at",
    "escalation_level",
    "first_official_at",
    "first_response_at",
    "follow_up_at",
    "heat",
    "interest_at",
    "offered_at",
    "official_requested_at",
    "overdue_at",
    "recent_interest",
    "waiting_since",
)


class Migration(migrations.Migration):
    dependencies = [
        ("forum", "0025_i25_tagfollow_to_reminders"),
        ("reminders", "0002_i25_tag_follows_and_accept_reminders"),
        ("responses", "0004_i25_response_state"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="thread", name="thread_awaiting_official_idx"),
        migrations.RemoveIndex(model_name="thread", name="thread_awaiting_overdue_idx"),
        *(migrations.RemoveField(model_name="thread", name=name) for name in MOVED),
    ]
