"""Score the heat of every existing question (issue 14): until now no question was scored, so
every thread's heat was 0 and no old thread could be hot.

The scorer is forum.heat itself, not a copy: it reads only the two strings it is given (no
model, no query), and an old question should be scored the way a new one is. Questions are
read from a cursor in chunks and written back a thousand at a time, only those whose heat is
not 0, with one prepared UPDATE run for many rows (executemany): bulk_update() would build a
CASE of a thousand branches in Python per batch, which cost it a millisecond a row, more
than the scorer. The scorer takes about a third of a millisecond for a question of a few
sentences: 20,000 questions took 7 s on SQLite and 11 s on PostgreSQL, so 100,000 take about a
minute."""

from django.db import migrations

from forum.heat import question_heat

BATCH = 1000


def score_questions(apps, schema_editor):
    connection = schema_editor.connection
    Thread = apps.get_model("forum", "Thread")
    Post = apps.get_model("forum", "Post")
    quote = connection.ops.quote_name
    update = (
        f"UPDATE {quote(Thread._meta.db_table)} SET {quote(Thread._meta.get_field('heat').column)} = %s"
        f" WHERE {quote(Thread._meta.pk.column)} = %s"
    )
    questions = (
        Post.objects.using(connection.alias)
        .filter(is_question=True, thread__kind="question")  # forum.heat.thread_heat: others keep 0
        .order_by()
        .values_list("thread_id", "thread__title", "body_html")
        .iterator(chunk_size=BATCH)
    )
    scored = []
    with connection.cursor() as cursor:
        for thread_id, title, body_html in questions:
            heat = question_heat(title=title, body_html=body_html)
            if heat:
                scored.append((heat, thread_id))
            if len(scored) >= BATCH:
                cursor.executemany(update, scored)
                scored = []
        if scored:
            cursor.executemany(update, scored)


class Migration(migrations.Migration):
    dependencies = [("forum", "0017_heat_reminders_tag_follows")]

    # Heat is a number the code before this one never read: nothing to undo.
    operations = [migrations.RunPython(score_questions, migrations.RunPython.noop, elidable=True)]
