"""Rebuild the address of every thread whose title was edited before addresses followed
titles (issue 24): its slug still carried the first title's words, a phone number edited out
of the title included. Notifications stored with the old address get the new one.

Django's slugify, as Thread.slug_for uses it; only threads whose slug differs are written
(those whose title was edited), so the migration reads every title once and writes few rows."""

from django.db import migrations
from django.db.models import Value
from django.db.models.functions import Concat, Substr
from django.utils.text import slugify

BATCH = 1000


def slug_for(title: str) -> str:
    return slugify(title)[:160] or "thread"


def rebuild_slugs(apps, schema_editor):
    db = schema_editor.connection.alias
    Thread = apps.get_model("forum", "Thread")
    Notification = apps.get_model("forum", "Notification")
    threads = Thread.objects.using(db).order_by().values_list("pk", "title", "slug").iterator(chunk_size=BATCH)
    stale = [(pk, slug, slug_for(title)) for pk, title, slug in threads if slug != slug_for(title)]
    for pk, old, new in stale:
        Thread.objects.using(db).filter(pk=pk).update(slug=new)
        old_path, new_path = f"/t/{pk}/{old}/", f"/t/{pk}/{new}/"
        Notification.objects.using(db).filter(thread_id=pk, url__startswith=old_path).update(
            url=Concat(Value(new_path), Substr("url", len(old_path) + 1))
        )


class Migration(migrations.Migration):
    dependencies = [("forum", "0021_i24_platform_rate_limit_table")]

    operations = [migrations.RunPython(rebuild_slugs, migrations.RunPython.noop, elidable=True)]
