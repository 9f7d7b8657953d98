"""The engine keeps its own copy of the two thread facts its times are derived from (issue 25):
when the thread was asked, and whether it is an open question. The jobs and the recorder's
derived columns read them from their own row instead of forum_thread's, row by row."""

from django.db import migrations, models

# Each state row's thread, as forum's open() and kind read it on the day of this migration.
COPY = """
UPDATE responses_responsestate SET
    asked_at = (SELECT t.created_at FROM forum_thread t WHERE t.id = responses_responsestate.thread_id),
    timed = EXISTS (
        SELECT 1 FROM forum_thread t
        WHERE t.id = responses_responsestate.thread_id AND t.kind = 'question'
            AND t.status NOT IN ('locked', 'duplicate') AND t.withdrawn_at IS NULL
    )
"""


class Migration(migrations.Migration):
    dependencies = [
        ("responses", "0009_queue_weights_and_spikes"),
        ("forum", "0034_done_undone_event"),
    ]

    operations = [
        migrations.AddField(
            model_name="responsestate",
            name="asked_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="responsestate",
            name="timed",
            field=models.BooleanField(default=False),
        ),
        migrations.RunSQL(COPY, reverse_sql=migrations.RunSQL.noop),
    ]
