import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    """"Flag" is kept for members' flags: the engine's mark is "overdue". And the thread's
    history of who did what (ThreadEvent)."""

    dependencies = [
        ("forum", "0005_thread_waiting_since_post_edited_by"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # The partial index names the column in its condition: drop it around the rename.
        migrations.RemoveIndex(model_name="thread", name="thread_awaiting_flag_idx"),
        migrations.RenameField(model_name="thread", old_name="flagged_unanswered_at", new_name="overdue_at"),
        migrations.AddIndex(
            model_name="thread",
            index=models.Index(
                condition=models.Q(("first_response_at", None), ("overdue_at", None)),
                fields=["created_at"],
                name="thread_awaiting_overdue_idx",
            ),
        ),
        migrations.CreateModel(
            name="ThreadEvent",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("accepted", "accepted an answer"),
                            ("unaccepted", "took back the accept"),
                            ("marked_official", "marked an answer official"),
                            ("unmarked_official", "took an official mark away"),
                            ("official_requested", "asked for an official answer"),
                            ("claimed", "claimed the thread"),
                            ("claim_taken_over", "took the claim over"),
                            ("released", "released the claim"),
                            ("dismissed", "dismissed it from the queue"),
                        ],
                        max_length=32,
                    ),
                ),
                ("note", models.CharField(blank=True, max_length=500)),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                (
                    "actor",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "post",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="forum.post",
                    ),
                ),
                (
                    "thread",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="events", to="forum.thread"
                    ),
                ),
            ],
            options={
                "ordering": ["created_at", "pk"],
                "indexes": [models.Index(fields=["thread", "created_at"], name="threadevent_thread_time_idx")],
            },
        ),
    ]
