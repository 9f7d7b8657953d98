"""Existing installations stored search vectors of the title and the question only, and kept
a hidden question's words in them: recompute every vector from the visible posts, answers
included (issue 12). PostgreSQL only; SQLite stores no vectors and searches live.

The vector is built here as forum/search.py built it when this migration was written
(forum.search.refresh_all_search_vectors), over the historical models, where visible meant
"not hidden": a migration must not run code that later changes under it. One UPDATE."""

from django.contrib.postgres.aggregates import StringAgg
from django.contrib.postgres.search import SearchVector
from django.db import migrations
from django.db.models import Case, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Left

CONFIG = "english"
MAX_ANSWER_TEXT = {"C": 50_000, "D": 100_000}


def recompute_search_vectors(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    alias = schema_editor.connection.alias
    Thread = apps.get_model("forum", "Thread")
    Post = apps.get_model("forum", "Post")
    visible = Post.objects.using(alias).filter(is_hidden=False, thread=OuterRef("pk"))
    answers = visible.filter(is_question=False).annotate(
        endorsed=Case(When(Q(is_official=True) | Q(pk=F("thread__accepted_post_id")), then=Value(1)), default=Value(0))
    )

    def text_of(posts, limit):
        joined = StringAgg("body_text", " ", order_by=("-score", "created_at", "pk"))
        return Subquery(posts.order_by().values("thread").annotate(text=Left(joined, limit)).values("text"))

    parts = {
        "A": F("title"),
        "B": Subquery(visible.filter(is_question=True).values("body_text")[:1]),
        "C": text_of(answers.filter(endorsed=1), MAX_ANSWER_TEXT["C"]),
        "D": text_of(answers.filter(endorsed=0), MAX_ANSWER_TEXT["D"]),
    }
    vector = None
    for weight, text in parts.items():
        part = SearchVector(text, weight=weight, config=CONFIG)
        vector = part if vector is None else vector + part
    Thread.objects.using(alias).update(search_vector=vector)


class Migration(migrations.Migration):
    dependencies = [("forum", "0014_routing_and_velocity")]

    # Vectors with answers are harmless to the code before this one: nothing to undo.
    operations = [migrations.RunPython(recompute_search_vectors, migrations.RunPython.noop, elidable=True)]
