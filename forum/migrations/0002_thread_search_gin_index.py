"""A GIN index over Thread.search_vector, on PostgreSQL only (SQLite searches another way)."""

from django.db import migrations

INDEX = "forum_thread_search_vector_gin"


class PostgreSQLOnly(migrations.RunSQL):
    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class Migration(migrations.Migration):
    dependencies = [("forum", "0001_initial")]

    operations = [
        PostgreSQLOnly(
            sql=f"CREATE INDEX {INDEX} ON forum_thread USING gin (search_vector)",
            reverse_sql=f"DROP INDEX {INDEX}",
        )
    ]
