from django.core.management.base import BaseCommand, CommandError

from accounts.models import User
from config import demo
from forum import demo as forum_demo
from forum import notifications

# The demo's moderation and engine scenes each need a thread of their own.
FEWEST_THREADS = 8


class Command(BaseCommand):
    help = "Fill an empty database with a demo forum. With --if-empty, do nothing if anybody exists."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=7, help="random seed: the same seed gives the same forum")
        parser.add_argument(
            "--threads", type=int, default=60, help=f"how many threads (default 60, at least {FEWEST_THREADS})"
        )
        parser.add_argument("--if-empty", action="store_true", help="skip quietly when the database has users")

    def handle(self, *args, seed: int, threads: int, if_empty: bool, **options):
        if threads < FEWEST_THREADS:
            raise CommandError(f"--threads must be at least {FEWEST_THREADS}: each demo scene needs a thread.")
        if User.objects.exists():
            if if_empty:
                self.stdout.write("Database already has data; demo data not loaded.")
                return
            raise CommandError("The database already has users: seed_demo only fills an empty database.")
        # Demo notifications stay on the site: hundreds of emails would bury `make run`'s banner.
        with notifications.notifications_stay_on_site():
            demo.seed(seed=seed, threads=threads)
        self.stdout.write(self.style.SUCCESS("Demo forum created. Logins:"))
        for role, email, password in forum_demo.demo_logins():
            self.stdout.write(f"  {role:<11} {email:<22} {password}")
