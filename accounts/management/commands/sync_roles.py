from django.core.management.base import BaseCommand

from accounts.roles import sync_role_groups


class Command(BaseCommand):
    help = "Recreate the Reps, Leads and Moderators groups with the permissions each role holds."

    def handle(self, *args, **options):
        sync_role_groups()
        self.stdout.write(self.style.SUCCESS("Role groups are in step with accounts/roles.py."))
