# Issue 25: the engine owns its state. Each thread's response-time columns are copied from
# forum.Thread into responses.ResponseState (forum/migrations/0026 then drops them), and the
# derived columns are filled: the stored lag, due_at and the queue marker (responses/waiting.py
# keeps them from now on).

from datetime import timedelta

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from responses.conf import conf as responses_conf

COPIED = (
    "first_response_at",
    "first_official_at",
    "overdue_at",
    "escalation_level",
    "escalated_at",
    "official_requested_at",
    "waiting_since",
    "follow_up_at",
    "offered_at",
    "recent_interest",
    "interest_at",
    "heat",
)


def copy_state(apps, schema_editor):
    connection = schema_editor.connection
    quote = connection.ops.quote_name
    columns = ", ".join(quote(name) for name in COPIED)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO responses_responsestate (thread_id, {columns}, lag_minutes, queued) "
            f"SELECT id, {columns}, 0, %s FROM forum_thread",
            [False],
        )
    _store_lags(apps, connection)
    _store_due_at(apps)
    _mark_queued(connection)


def _store_lags(apps, connection):
    """The shortest lag among the thread's tags, a tag without a policy counting as the default,
    and the default for a thread without tags (responses/expressions.py effective_lag_minutes)."""
    stored = apps.get_model("responses", "EngineSettings").objects.filter(pk=1).first()
    default = stored.default_lag_minutes if stored else int(responses_conf.UNANSWERED_LAG.total_seconds() // 60)
    thread_type = apps.get_model("contenttypes", "ContentType").objects.get_or_create(app_label="forum", model="thread")[0]
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE responses_responsestate SET lag_minutes = COALESCE(("
            " SELECT MIN(COALESCE(p.lag_minutes, %s)) FROM taggit_taggeditem i"
            " LEFT JOIN responses_lagpolicy p ON p.tag_id = i.tag_id"
            " WHERE i.content_type_id = %s AND i.object_id = responses_responsestate.thread_id), %s)",
            [default, thread_type.pk, default],
        )


def _store_due_at(apps):
    """When the overdue job is due (responses.derived.due_at_expression), for the threads it
    still watches: not overdue, with a follow-up or with no response to a question."""
    ResponseState = apps.get_model("responses", "ResponseState")
    watched = ResponseState.objects.filter(overdue_at=None).filter(
        models.Q(follow_up_at__isnull=False) | models.Q(first_response_at=None, thread__kind="question")
    )
    batch = []
    rows = watched.values_list("pk", "follow_up_at", "thread__created_at", "lag_minutes")
    for pk, follow_up_at, created_at, lag in rows.iterator(chunk_size=2000):
        batch.append(ResponseState(pk=pk, due_at=(follow_up_at or created_at) + timedelta(minutes=lag)))
        if len(batch) == 2000:
            ResponseState.objects.bulk_update(batch, ["due_at"])
            batch = []
    ResponseState.objects.bulk_update(batch, ["due_at"])


def _mark_queued(connection):
    """The queue's rule (responses.derived.queued_rule)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE responses_responsestate SET queued = %s WHERE"
            " NOT EXISTS (SELECT 1 FROM responses_queuedismissal d WHERE d.thread_id = responses_responsestate.thread_id)"
            " AND ((first_official_at IS NULL AND (overdue_at IS NOT NULL OR official_requested_at IS NOT NULL"
            " OR escalation_level > 0 OR EXISTS (SELECT 1 FROM responses_queueclaim c"
            " WHERE c.thread_id = responses_responsestate.thread_id))) OR follow_up_at IS NOT NULL)",
            [True],
        )


def copy_state_back(apps, schema_editor):
    Thread = apps.get_model("forum", "Thread")
    for row in apps.get_model("responses", "ResponseState").objects.values("thread_id", *COPIED).iterator():
        Thread.objects.filter(pk=row.pop("thread_id")).update(**row)


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("forum", "0025_i25_tagfollow_to_reminders"),
        ("responses", "0003_routing"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [
        migrations.CreateModel(
            name="QueueThread",
            fields=[],
            options={"proxy": True, "indexes": [], "constraints": []},
            bases=("forum.thread",),
        ),
        migrations.CreateModel(
            name="ResponseState",
            fields=[
                (
                    "thread",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="response_state",
                        serialize=False,
                        to="forum.thread",
                    ),
                ),
                ("first_response_at", models.DateTimeField(blank=True, null=True)),
                ("first_official_at", models.DateTimeField(blank=True, null=True)),
                ("overdue_at", models.DateTimeField(blank=True, null=True)),
                ("escalation_level", models.PositiveSmallIntegerField(default=0)),
                ("escalated_at", models.DateTimeField(blank=True, null=True)),
                ("official_requested_at", models.DateTimeField(blank=True, null=True)),
                ("waiting_since", models.DateTimeField(blank=True, null=True)),
                ("follow_up_at", models.DateTimeField(blank=True, null=True)),
                ("offered_at", models.DateTimeField(blank=True, null=True)),
                ("recent_interest", models.FloatField(default=0)),
                ("interest_at", models.DateTimeField(blank=True, null=True)),
                ("heat", models.FloatField(default=0)),
                ("lag_minutes", models.PositiveIntegerField(default=0)),
                ("due_at", models.DateTimeField(blank=True, null=True)),
                ("queued", models.BooleanField(default=False)),
            ],
            options={
                "indexes": [
                    models.Index(condition=models.Q(("overdue_at", None)), fields=["due_at"], name="state_due_idx"),
                    models.Index(
                        condition=models.Q(("queued", True)), fields=["waiting_since"], name="state_queued_idx"
                    ),
                ],
            },
        ),
        migrations.RunPython(copy_state, copy_state_back),
    ]
