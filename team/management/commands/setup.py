import getpass
import os

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from forum.forms import TAG_MAX, TAG_NAME, parse_tags
from team.forms import LAG_MAX_MINUTES
from team.setup import STARTER_TAGS, set_up_site

SETUP_MOST_TAGS = 50


class Command(BaseCommand):
    help = (
        "Make a new installation usable: the first lead (who can log in at once), the first tags "
        "and the default lag. Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument("--email", required=True, help="the first lead's email address (their login)")
        parser.add_argument("--name", default="", help="the lead's display name")
        parser.add_argument(
            "--tags",
            default=",".join(STARTER_TAGS),
            help=f"comma-separated tags to create (default: {', '.join(STARTER_TAGS)})",
        )
        parser.add_argument("--default-lag", type=int, help="minutes a thread may wait before it is overdue")
        parser.add_argument(
            "--no-input",
            action="store_true",
            help="do not ask for a password: read it from HELPCIRCLE_LEAD_PASSWORD",
        )

    def handle(self, *args, email, name, tags, default_lag, no_input, **options):
        names = parse_tags(tags, most_words=SETUP_MOST_TAGS + 1)
        if len(names) > SETUP_MOST_TAGS:
            raise CommandError(f"Give at most {SETUP_MOST_TAGS} tags; leads create more at /team/tags/.")
        bad = [tag for tag in names if len(tag) > TAG_MAX or not TAG_NAME.fullmatch(tag)]
        if bad:
            raise CommandError(f"Not usable as tags (letters a-z, digits, single hyphens): {', '.join(bad)}")
        if default_lag is not None and not 1 <= default_lag <= LAG_MAX_MINUTES:
            raise CommandError(f"--default-lag is between 1 and {LAG_MAX_MINUTES} minutes.")
        password = os.environ.get("HELPCIRCLE_LEAD_PASSWORD")
        if not password and not no_input:
            password = getpass.getpass(f"Password for {email} (used only if the account is new): ")
        try:
            result = set_up_site(email=email, password=password, name=name, tags=names, default_lag_minutes=default_lag)
        except ValidationError as weak:
            raise CommandError(" ".join(weak.messages)) from weak
        except ValueError as missing:
            raise CommandError(f"{missing} Set HELPCIRCLE_LEAD_PASSWORD or leave out --no-input.") from missing
        verb = "created" if result.lead_created else "is"
        self.stdout.write(self.style.SUCCESS(f"{result.lead.email} {verb} a lead and can log in."))
        if result.tags_created:
            self.stdout.write(f"Tags created: {', '.join(result.tags_created)}.")
        if default_lag is not None:
            self.stdout.write(f"Default lag: {default_lag} minutes.")
        self.stdout.write("Leads change lags, tags and the team at /team/.")
