"""The response-time engine's models move here from `moderation` with every row kept:
first this app takes them over in Django's state only, on the tables `moderation` made;
then the tables get this app's names, and the content types (and so the admin's
permissions and history) follow."""

import django.core.validators
import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


MOVED_MODELS = ["lagpolicy", "officialrequest", "queueclaim", "queuedismissal"]


def move_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    # Rows a post_migrate run may have made for the new app before this migration: the old
    # rows, which permissions and admin history point to, take their place.
    ContentType.objects.filter(app_label="responses", model__in=MOVED_MODELS).delete()
    ContentType.objects.filter(app_label="moderation", model__in=MOVED_MODELS).update(app_label="responses")


def move_content_types_back(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="responses", model__in=MOVED_MODELS).update(app_label="moderation")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('moderation', '0003_official_request'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('forum', '0006_overdue_and_thread_events'),
        ('taggit', '0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
            migrations.CreateModel(
                name='QueueClaim',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('claimed_at', models.DateTimeField(default=django.utils.timezone.now)),
                    ('claimed_by', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ('thread', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='queue_claim', to='forum.thread')),
                ],
                options={'db_table': 'moderation_queueclaim'},
            ),
            migrations.CreateModel(
                name='QueueDismissal',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('reason', models.CharField(max_length=500)),
                    ('dismissed_at', models.DateTimeField(default=django.utils.timezone.now)),
                    ('dismissed_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ('thread', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='queue_dismissal', to='forum.thread')),
                ],
                options={
                    'db_table': 'moderation_queuedismissal',
                    'ordering': ['-dismissed_at'],
                },
            ),
            migrations.CreateModel(
                name='LagPolicy',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('lag_minutes', models.PositiveIntegerField(validators=[django.core.validators.MinValueValidator(1)])),
                    ('tag', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='lag_policy', to='taggit.tag')),
                ],
                options={
                    'db_table': 'moderation_lagpolicy',
                    'verbose_name_plural': 'lag policies',
                    'ordering': ['lag_minutes'],
                    'constraints': [models.CheckConstraint(condition=models.Q(('lag_minutes__gte', 1)), name='lag_at_least_a_minute')],
                },
            ),
            migrations.CreateModel(
                name='OfficialRequest',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('requested_at', models.DateTimeField(default=django.utils.timezone.now)),
                    ('requested_by', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ('thread', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='official_requests', to='forum.thread')),
                ],
                options={
                    'db_table': 'moderation_officialrequest',
                    'ordering': ['requested_at', 'pk'],
                    'indexes': [models.Index(fields=['requested_by', '-requested_at'], name='officialrequest_member_idx')],
                    'constraints': [models.UniqueConstraint(fields=('thread', 'requested_by'), name='one_official_request_per_member')],
                },
            ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_types, move_content_types_back),
        # Now give the tables this app's names.
        migrations.AlterModelTable(name="lagpolicy", table=None),
        migrations.AlterModelTable(name="officialrequest", table=None),
        migrations.AlterModelTable(name="queueclaim", table=None),
        migrations.AlterModelTable(name="queuedismissal", table=None),
    ]
