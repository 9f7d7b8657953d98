"""Notifications: shown on the site at once, emailed by a Celery task after commit.

Every app notifies through `notify()`. This module imports no other app's code, and
reaches its email task by name, so nothing that notifies is ever part of an import circle.
"""

import logging
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, nullcontext
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import partial

from celery import current_app
from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from config import pagecache
from config.site import absolute_url, host_name
from config.text import one_line
from forum.conf import conf
from forum.models import Notification, Thread

logger = logging.getLogger(__name__)

SEND_EMAILS_TASK = "forum.tasks.send_notification_emails"

_emails_held: ContextVar[bool] = ContextVar("notification_emails_held", default=False)


@contextmanager
def notifications_stay_on_site() -> Iterator[None]:
    """Notifications made inside are shown on the site but never emailed: for demo data,
    whose hundreds of made-up events must not flood the console (or an SMTP server)."""
    token = _emails_held.set(True)
    try:
        yield
    finally:
        _emails_held.reset(token)


def emails_held() -> bool:
    """Inside notifications_stay_on_site()."""
    return _emails_held.get()


def notify(
    *,
    recipient_ids: Iterable[int],
    text: str,
    url: str,
    thread: Thread | None = None,
    details: str = "",
    actor: User | None = None,
    once_key: str = "",
) -> list[int]:
    """Create in-site notifications now; their emails go out after commit, through Celery.
    Nobody whose account is inactive (deactivated, or deleted: a former member) is told.

    A notification about what someone did names them by `actor`, with `text` saying what
    they did ("answered “…”"): never put a member's name into `text` (Notification.message
    reads it at the time of reading).

    With `once_key` (what happened: "accepted:<post id>"), whoever was already told of it is
    not told again, ever: an accept switched back and forth, a vote taken back and cast
    again past a milestone (a unique constraint per recipient and key holds it)."""
    held = _emails_held.get()
    recipients = User.objects.filter(pk__in=set(recipient_ids), is_active=True)
    if once_key:
        recipients = recipients.exclude(notifications__once_key=once_key)
    recipient_ids = set(recipients.values_list("pk", flat=True))
    # A held notification is marked as handled, so that no later email run picks it up.
    emailed_at = timezone.now() if held else None
    made = [
        Notification(
            recipient_id=recipient_id,
            actor=actor,
            text=text[:300],
            details=details,
            url=url,
            thread=thread,
            emailed_at=emailed_at,
            once_key=once_key,
        )
        for recipient_id in recipient_ids
    ]
    try:
        with transaction.atomic() if once_key and made else nullcontext():
            ids = [notification.pk for notification in Notification.objects.bulk_create(made)]
    except IntegrityError:
        # Somebody was told at this very moment by a concurrent transaction: told once. The
        # email task sends each notification once, whichever transaction passes it on.
        Notification.objects.bulk_create(made, ignore_conflicts=True)
        told = Notification.objects.filter(once_key=once_key, recipient_id__in=recipient_ids)
        ids = list(told.values_list("pk", flat=True))
    if ids and not held:
        email_after_commit(ids)
    pagecache.changed(*(f"member:{pk}" for pk in recipient_ids))  # their unread count
    return ids


def email_after_commit(ids: list[int], *, wait: timedelta | None = None) -> None:
    """Send the notifications' email task once the transaction commits, `wait` later if given
    (a batch gathers meanwhile: forum/notification_batches.py)."""
    transaction.on_commit(partial(_send_emails_later, ids, wait))


def _send_emails_later(ids: list[int], wait: timedelta | None) -> None:
    """Send the email task, after commit. With the broker down it cannot be sent: the post,
    vote or flag that notified is committed already and its page must not fail for it, and
    the emails are not lost: send_unsent_emails() (a beat task) picks up every notification
    still without emailed_at (docs/reliability.md, "Faults")."""
    countdown = wait.total_seconds() if wait else None
    try:
        # By name: forum/tasks.py imports this module, so this one does not import it back.
        current_app.send_task(SEND_EMAILS_TASK, args=[ids], countdown=countdown)
    except Exception:
        logger.exception("notifications %s: the email task could not be sent; the sweep will send them", ids)


def _email_body(notification: Notification, link: str) -> str:
    details = f"{notification.details}\n\n" if notification.details else ""
    settings_page = absolute_url(reverse("accounts:settings"))
    return f"{notification.message}\n\n{details}{link}\n\nTurn these emails off at {settings_page}"


@transaction.atomic
def mark_notifications_read(*, user: User, now: datetime | None = None) -> int:
    read = Notification.objects.filter(recipient=user, read_at=None).update(read_at=now or timezone.now())
    if read:
        pagecache.changed(f"member:{user.pk}")
    return read


def mark_notification_read(*, notification: Notification, now: datetime | None = None) -> None:
    """One notification read (opened, or marked by hand); one already read keeps the time it
    was first read, and costs no query."""
    if notification.read_at is not None:
        return
    read_at = now or timezone.now()
    Notification.objects.filter(pk=notification.pk, read_at=None).update(read_at=read_at)
    pagecache.changed(f"member:{notification.recipient_id}")
    notification.read_at = read_at


def mark_notification_unread(*, notification: Notification) -> None:
    """One notification unread again, so that it is counted and shown until dealt with."""
    if notification.read_at is None:
        return
    Notification.objects.filter(pk=notification.pk).update(read_at=None)
    pagecache.changed(f"member:{notification.recipient_id}")
    notification.read_at = None


@dataclass
class EmailRun:
    sent: int = 0
    failed: list[int] = field(default_factory=list)  # released for a retry


def send_unsent_emails(*, now: datetime | None = None) -> EmailRun:
    """Email the notifications whose email task never ran: made more than UNSENT_EMAIL_AFTER
    ago (their own task had its chance), within UNSENT_EMAIL_WINDOW, and still unemailed.
    The broker was down when they were made, or their message was lost; the claim in
    send_notification_emails() keeps a notification that both reach from going out twice."""
    now = now or timezone.now()
    ids = list(
        Notification.objects.filter(
            emailed_at=None,
            created_at__lte=now - conf.UNSENT_EMAIL_AFTER,
            created_at__gte=now - conf.UNSENT_EMAIL_WINDOW,
        )
        .order_by("pk")
        .values_list("pk", flat=True)[: conf.UNSENT_EMAIL_BATCH]
    )
    return send_notification_emails(notification_ids=ids, now=now) if ids else EmailRun()


def send_notification_emails(*, notification_ids: Sequence[int], now: datetime | None = None) -> EmailRun:
    """Email each notification once to recipients who want email.

    Each message is claimed, sent and marked in a transaction of its own: the claim is a row
    lock, and emailed_at is written in the same commit as the send. A retried or racing task
    waits for the lock and then finds it emailed; a worker killed in the middle of sending
    commits nothing, so the redelivered task (acks_late) or the sweep sends it again. One
    that fails (a refused recipient, a bad header) is logged and left for a retry, and never
    stops the rest.
    """
    now = now or timezone.now()
    run = EmailRun()
    for pk in (
        Notification.objects.filter(pk__in=notification_ids, emailed_at=None)
        .order_by("pk")
        .values_list("pk", flat=True)
    ):
        with transaction.atomic():
            notification = (
                Notification.objects.select_for_update(of=("self",))
                .select_related("recipient", "actor")
                .filter(pk=pk, emailed_at=None)
                .first()
            )
            if notification is None:  # emailed meanwhile by another run
                continue
            recipient = notification.recipient
            # Deactivated since the notification was made (a rep who left): no email. Nor for a
            # gathered batch the recipient has read on the site while its email waited.
            already_read = notification.batch_key and notification.read_at is not None
            if recipient.is_active and recipient.email_notifications and recipient.email and not already_read:
                try:
                    _send_email(notification)
                except Exception:
                    logger.exception("notification %s: email to user %s failed", notification.pk, recipient.pk)
                    run.failed.append(notification.pk)
                    continue
                run.sent += 1
            Notification.objects.filter(pk=notification.pk).update(emailed_at=now)
    return run


def _send_email(notification: Notification) -> None:
    # Through the open view, so that following the email's link marks the notification read.
    opened = reverse("forum:open_notification", kwargs={"notification_id": notification.pk})
    link = absolute_url(opened if notification.url else "/")
    EmailMessage(
        # Titles and names end up here: a header must be one line, whatever they hold.
        # The actor's name as it is now (Notification.message), as on the site.
        subject=one_line(f"[{settings.SITE_NAME}] {notification.message}")[:200],
        body=_email_body(notification, link),
        to=[notification.recipient.email],
        headers={"Message-ID": message_id(notification.pk)},
    ).send()


def message_id(notification_id: int) -> str:
    """One Message-ID per notification, the same on every send: when the database goes away
    between a send and the commit that records it, the task sends again, and mail stores
    drop the copy with the Message-ID they already hold (bench.faults db-restart-load)."""
    return f"<notification-{notification_id}@{host_name()}>"
