import os

from django.core.management.base import BaseCommand

from forum import demo


class Command(BaseCommand):
    help = "Print where the site runs and the demo logins (used by `make run`)."

    def handle(self, *args, **options):
        self.stdout.write("")
        port = os.environ.get("WEB_PORT", "8000")  # the Procfile's web line listens there
        self.stdout.write(self.style.SUCCESS(f"Helpcircle is starting on http://127.0.0.1:{port}/"))
        self.stdout.write(f"Demo logins (password for all: {demo.DEMO_PASSWORD}):")
        for role, email, _password in demo.demo_logins():
            self.stdout.write(f"  {role:<11} {email}")
        self.stdout.write("Web, worker and beat run together; Ctrl-C stops all three.\n")
