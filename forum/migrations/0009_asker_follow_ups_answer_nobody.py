from django.db import migrations


def reopen_threads_answered_only_by_their_askers(apps, schema_editor):
    """Threads marked answered by their asker's own follow-up were never answered."""
    Thread = apps.get_model("forum", "Thread")
    Thread.objects.filter(status="answered", first_response_at=None).update(status="open")


class Migration(migrations.Migration):
    dependencies = [("forum", "0008_duplicate_of_and_hidden_at")]

    operations = [migrations.RunPython(reopen_threads_answered_only_by_their_askers, migrations.RunPython.noop)]
