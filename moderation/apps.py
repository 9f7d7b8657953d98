from django.apps import AppConfig


class ModerationConfig(AppConfig):
    name = "moderation"
    verbose_name = "Moderation"

    def ready(self) -> None:
        from accounts import erasers
        from forum import moderation_port
        from moderation import erasure, panels
        from moderation.actions.log import record_edit
        from moderation.actions.redaction import record_redaction
        from moderation.first_posts import awaiting_first_look, screen_new_post
        from moderation.serial_votes import watch_voting_pattern

        # What forum calls in its actions' transactions, every time (forum/moderation_port.py).
        moderation_port.install(
            moderation_port.Moderation(
                screen_new_post=screen_new_post,
                watch_vote=watch_voting_pattern,
                record_redaction=record_redaction,
                awaiting_first_look=awaiting_first_look,
                record_edit=record_edit,
            )
        )
        panels.register()  # into forum's and accounts' pages (moderation/panels.py)
        erasers.register(app="moderation", erase=erasure.erase_member, erases=erasure.ERASES, keeps=erasure.KEEPS)
