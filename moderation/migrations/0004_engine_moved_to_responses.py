"""The response-time engine's models now belong to `responses` (its 0001 takes over
the tables): here they leave this app's state only, and the serial-vote record's
constraint gets a name that says what it is."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('moderation', '0003_official_request'),
        ('responses', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name='lagpolicy',
                    name='tag',
                ),
                migrations.RemoveField(
                    model_name='officialrequest',
                    name='requested_by',
                ),
                migrations.RemoveField(
                    model_name='officialrequest',
                    name='thread',
                ),
                migrations.RemoveField(
                    model_name='queueclaim',
                    name='claimed_by',
                ),
                migrations.RemoveField(
                    model_name='queueclaim',
                    name='thread',
                ),
                migrations.RemoveField(
                    model_name='queuedismissal',
                    name='dismissed_by',
                ),
                migrations.RemoveField(
                    model_name='queuedismissal',
                    name='thread',
                ),
                migrations.DeleteModel(
                    name='LagPolicy',
                ),
                migrations.DeleteModel(
                    name='OfficialRequest',
                ),
                migrations.DeleteModel(
                    name='QueueClaim',
                ),
                migrations.DeleteModel(
                    name='QueueDismissal',
                ),
            ],
            database_operations=[],
        ),
        migrations.RemoveConstraint(
            model_name='suspiciousvoting',
            name='one_open_voting_case_per_pair',
        ),
        migrations.AddConstraint(
            model_name='suspiciousvoting',
            constraint=models.UniqueConstraint(condition=models.Q(('reviewed_at', None)), fields=('voter', 'author'), name='one_open_voting_record_per_pair'),
        ),
    ]
