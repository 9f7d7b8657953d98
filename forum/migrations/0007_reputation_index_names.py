from django.db import migrations


class Migration(migrations.Migration):
    """"rep" means a representative: the reputation indexes say "ledger" and "reputation"."""

    dependencies = [("forum", "0006_overdue_and_thread_events")]

    operations = [
        migrations.RenameIndex(
            model_name="reputationevent", new_name="ledger_user_time_idx", old_name="repevent_user_time_idx"
        ),
        migrations.RenameIndex(
            model_name="reputationevent", new_name="ledger_post_actor_idx", old_name="repevent_post_actor_idx"
        ),
        migrations.RenameIndex(
            model_name="tagreputation", new_name="tag_reputation_user_idx", old_name="tagrep_user_rep_idx"
        ),
    ]
