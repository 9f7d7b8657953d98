"""The engine keeps its own copy of the asker's best reputation among the thread's tags, the
queue priority's relative influence (issue 25): read per row through a subquery over the
thread's tags, it was a quarter of the queue's ordering."""

from django.db import migrations, models

# Each open question's asker, their best per-tag total among its tags, as
# responses.expressions.relative_reputation reads it on the day of this migration.
COPY = """
UPDATE responses_responsestate SET asker_tag_reputation = COALESCE((
    SELECT MAX(r.reputation) FROM forum_thread t
    JOIN taggit_taggeditem i ON i.object_id = t.id
    JOIN django_content_type c ON c.id = i.content_type_id AND c.app_label = 'forum' AND c.model = 'thread'
    JOIN forum_tagreputation r ON r.user_id = t.author_id AND r.tag_id = i.tag_id
    WHERE t.id = responses_responsestate.thread_id AND r.reputation > 0
), 0)
WHERE timed
"""


class Migration(migrations.Migration):
    dependencies = [
        ("responses", "0010_engine_copies_the_threads_facts"),
        ("forum", "0034_done_undone_event"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [
        migrations.AddField(
            model_name="responsestate",
            name="asker_tag_reputation",
            field=models.IntegerField(default=0),
        ),
        migrations.RunSQL(COPY, reverse_sql=migrations.RunSQL.noop),
    ]
