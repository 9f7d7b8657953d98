"""Create the rate limits' own table (`rate_limits`, the default cache without Redis) in a
database migrated before it existed; createcachetable skips the tables it finds, so a fresh
database, where 0004 made both, is left as it is. With REDIS_URL set it creates nothing."""

from django.core.management import call_command
from django.db import migrations


def create_cache_tables(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("forum", "0020_i24_erasure_names_to_ids")]

    operations = [migrations.RunPython(create_cache_tables, migrations.RunPython.noop)]
