"""Staff notes on a thread (issue 27; Discourse's whispers): written by reps, leads and
moderators for one another, read by them alone. Nothing here notifies, publishes an event or
touches search: a note never leaves the thread page's staff panel."""

from datetime import datetime

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import User
from accounts.permissions import carries_verified_badge
from config import pagecache
from config.text import TextRule
from forum.markdown import render_markdown
from forum.models import Thread
from team.models import StaffNote

NOTE = TextRule(
    min=2,
    max=2_000,
    required="Write the note first.",
    too_short="Say a little more: at least {min} characters (you have {n}).",
    too_long="A note is short: at most {max:,} characters (you have {n}).",
)


@transaction.atomic
def add_staff_note(*, thread: Thread, by: User, body: str, now: datetime | None = None) -> StaffNote:
    """Check team.permissions.check_can_write_staff_notes and NOTE first."""
    html = render_markdown(body)
    note = StaffNote.objects.create(
        thread=thread, author=by, body=body, body_html=html, created_at=now or timezone.now()
    )
    # The thread's page is kept per reader (config/pagecache.py): staff see the note at once.
    pagecache.changed(f"thread:{thread.pk}")
    return note


def notes_on(thread: Thread) -> QuerySet[StaffNote]:
    return (
        StaffNote.objects.filter(thread=thread)
        .select_related("author")
        .annotate(author_is_verified=carries_verified_badge("author_id"))
    )
