from django.apps import AppConfig


class TeamConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "team"
    verbose_name = "The team's own controls"

    def ready(self) -> None:
        from accounts import erasers
        from team import panels

        panels.register()  # staff notes and saved replies on forum's thread page

        # Roles granted and revoked stay in the team's log, by id: it reads "a former member"
        # (accounts/erasers.py).
        erasers.register(
            app="team",
            erase=None,
            keeps={
                "team.TeamChange.actor": "the team's log, by id",
                "team.TeamChange.member": "roles granted and revoked, by id: 'a former member'",
                "team.StaffNote.author": "the staff's handover notes, by id: 'a former member'",
                "team.SavedReply.updated_by": "who last changed a saved reply, by id",
            },
        )
