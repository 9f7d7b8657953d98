"""Where the beat's refresh of the askers' standing copies (0011) got to in the reputation
ledger: one row. Its own migration, after 0011, because databases kept between benchmark runs
had applied 0011 before this model existed."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("responses", "0011_engine_copies_the_askers_tag_reputation"),
    ]

    operations = [
        migrations.CreateModel(
            name="StandingCopied",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("ledger_id", models.BigIntegerField()),
            ],
            options={
                "constraints": [
                    models.CheckConstraint(condition=models.Q(("pk", 1)), name="standing_copied_single_row")
                ],
            },
        ),
    ]
