"""Create the database cache's table (allauth's rate limits, view counting) as part of
`migrate`, so that no deployment can forget `createcachetable`. With REDIS_URL set the
cache is Redis and this creates nothing."""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("forum", "0003_thread_escalated_at_thread_official_requested_at_and_more")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
