# Issue 25: forum.TagFollow becomes reminders.TagFollow. The table is renamed with its rows;
# reminders/migrations/0002 takes the model into its state.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("forum", "0024_i24_trust_case_released"),
    ]

    operations = [
        migrations.AlterModelTable(name="tagfollow", table="reminders_tagfollow"),
        migrations.SeparateDatabaseAndState(state_operations=[migrations.DeleteModel(name="TagFollow")]),
    ]
