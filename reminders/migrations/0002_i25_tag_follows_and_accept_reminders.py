# Issue 25: the tags members follow (the table forum/migrations/0025 renamed, with its rows)
# and the accept reminders (Thread.accept_reminded_at, copied here) are the reminders' own.

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def copy_accept_reminders(apps, schema_editor):
    Thread = apps.get_model("forum", "Thread")
    AcceptReminder = apps.get_model("reminders", "AcceptReminder")
    reminded = Thread.objects.filter(accept_reminded_at__isnull=False).values_list("pk", "accept_reminded_at")
    batch = []
    for thread_id, reminded_at in reminded.iterator(chunk_size=2000):
        batch.append(AcceptReminder(thread_id=thread_id, reminded_at=reminded_at))
        if len(batch) == 2000:
            AcceptReminder.objects.bulk_create(batch)
            batch = []
    AcceptReminder.objects.bulk_create(batch)


def copy_accept_reminders_back(apps, schema_editor):
    Thread = apps.get_model("forum", "Thread")
    for thread_id, reminded_at in apps.get_model("reminders", "AcceptReminder").objects.values_list(
        "thread_id", "reminded_at"
    ):
        Thread.objects.filter(pk=thread_id).update(accept_reminded_at=reminded_at)


def move_content_type(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label="reminders", model="tagfollow").exists():
        ContentType.objects.filter(app_label="forum", model="tagfollow").update(app_label="reminders")


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("forum", "0025_i25_tagfollow_to_reminders"),
        ("reminders", "0001_initial"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="TagFollow",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID"),
                        ),
                        ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                        (
                            "tag",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE, related_name="+", to="taggit.tag"
                            ),
                        ),
                        (
                            "user",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="tag_follows",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "constraints": [
                            models.UniqueConstraint(fields=("user", "tag"), name="one_tag_follow_per_user_and_tag")
                        ],
                    },
                ),
            ]
        ),
        migrations.RunPython(move_content_type, migrations.RunPython.noop),
        migrations.CreateModel(
            name="AcceptReminder",
            fields=[
                (
                    "thread",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="accept_reminder",
                        serialize=False,
                        to="forum.thread",
                    ),
                ),
                ("reminded_at", models.DateTimeField()),
            ],
        ),
        migrations.RunPython(copy_accept_reminders, copy_accept_reminders_back),
    ]
