"""News that comes in waves, told in one notification and one email per wave.

A spam wave hides thirty posts in a minute; each hide tells every moderator. One
notification (and one email) per hide would bury the moderators' inbox in the moment they
most need it to be clear, so each recipient has one notification per batch key that gathers
the events while its email waits: the email goes `wait` after the first event, telling of
everything gathered by then. An event after the email (or after the recipient read it on
the site) starts the next batch.
"""

from collections.abc import Callable, Iterable
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User
from config import pagecache
from forum.models import Notification, Thread
from forum.notifications import email_after_commit, emails_held

# The newest lines a gathered notification lists (its count says how many there were).
LINES_KEPT = 20


def notify_in_batch(
    *,
    recipient_ids: Iterable[int],
    batch_key: str,
    line: str,
    url: str,
    thread: Thread | None = None,
    heading: Callable[[int], str],
    batch_url: str,
    wait: timedelta,
) -> None:
    """Tell each recipient `line` (linking to `url`, about `thread`), or add it to the notification they have
    gathering under `batch_key`: that one then reads `heading(count)`, lists the newest
    lines and links to `batch_url`. A new batch's email is sent `wait` from now."""
    recipients = set(User.objects.filter(pk__in=set(recipient_ids), is_active=True).values_list("pk", flat=True))
    started = []
    for recipient_id in sorted(recipients):  # one order, so two waves lock rows alike
        if _add_to_open_batch(recipient_id, batch_key, line, heading, batch_url):
            continue
        try:
            with transaction.atomic():
                notification = Notification.objects.create(
                    recipient_id=recipient_id,
                    text=line[:300],
                    url=url,
                    thread=thread,
                    batch_key=batch_key,
                    # Demo data's events are shown, never emailed (notifications_stay_on_site).
                    emailed_at=timezone.now() if emails_held() else None,
                )
            started.append(notification.pk)
        except IntegrityError:
            # A concurrent event started this recipient's batch a moment ago: add to it.
            _add_to_open_batch(recipient_id, batch_key, line, heading, batch_url)
    if started and not emails_held():
        email_after_commit(started, wait=wait)
    pagecache.changed(*(f"member:{pk}" for pk in recipients))  # their unread count


def _add_to_open_batch(recipient_id: int, batch_key: str, line: str, heading, batch_url: str) -> bool:
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update()
            .filter(recipient_id=recipient_id, batch_key=batch_key, emailed_at=None, read_at=None)
            .first()
        )
        if notification is None:
            return False
        # The first event's own words become the first listed line.
        earlier = notification.details.splitlines() if notification.batched > 1 else [notification.text]
        count = notification.batched + 1
        Notification.objects.filter(pk=notification.pk).update(
            batched=count,
            text=heading(count)[:300],
            details="\n".join([line, *earlier][:LINES_KEPT]),
            url=batch_url,
            thread=None,  # about several now: a retitled thread's links are not this one's
            created_at=timezone.now(),  # at the top of their list again
        )
        return True
