"""Closing the loop on public threads: reminding askers to accept an answer, members'
tag follows, and the weekly digest of unanswered questions in the tags they follow.

Both periodic jobs are set-based and idempotent. The reminder inserts one AcceptReminder per
thread (its primary key is the thread), skipping those another run inserted first, so two
workers racing remind each asker once: each notifies only about the rows stamped with its
own time. The digest claims each member's row (reminders.MemberDigest) before it sends, as
forum.notifications claims a notification.
"""

import logging
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import urlencode
from taggit.models import Tag

from accounts.models import User
from config import pagecache
from config.site import absolute_url
from config.text import one_line
from forum.models import Thread
from forum.notifications import notify
from reminders import querysets
from reminders.conf import conf
from reminders.models import AcceptReminder, MemberDigest, TagFollow

logger = logging.getLogger(__name__)

# Bounded batches: one run handles at most this many; the next run (hourly) takes the rest.
REMINDER_BATCH = 500
DIGEST_BATCH = 500
# A digest lists this many questions, then says how many more there are.
DIGEST_LISTED = 20

ACCEPT_REMINDER_DETAILS = (
    "If one of the answers fixed it, accept it: the next person with the same problem finds the "
    "fix at once. If not, reply in the thread and say what is still missing."
)


# --- Reminding askers to accept -------------------------------------------------------------


def remind_askers_to_accept(*, now: datetime) -> list[int]:
    """Remind, once, the asker of every thread due a reminder (querysets.due_for_accept_reminder):
    answered by someone else at least ACCEPT_REMINDER_AFTER ago, nothing accepted, still open.
    Returns the ids of the threads reminded now; a run that finds none writes nothing.

    The stamp and the notifications commit together (their emails go after commit)."""
    due = querysets.due_for_accept_reminder(now=now)
    ids = list(due.order_by("pk").values_list("pk", flat=True)[:REMINDER_BATCH])
    if not ids:
        return []
    with transaction.atomic():
        # The whole rule again, then one row per thread: of two racing runs, one inserts it.
        still_due = list(due.filter(pk__in=ids).values_list("pk", flat=True))
        AcceptReminder.objects.bulk_create(
            [AcceptReminder(thread_id=pk, reminded_at=now) for pk in still_due], ignore_conflicts=True
        )
        reminded = list(
            Thread.objects.filter(pk__in=still_due, accept_reminder__reminded_at=now)
            .only("pk", "title", "slug", "author_id")
            .order_by("pk")
        )
        for thread in reminded:
            notify(
                recipient_ids=[thread.author_id],
                text=f"Did an answer solve “{thread.title}”? Accept it, or say what is still missing.",
                details=ACCEPT_REMINDER_DETAILS,
                url=thread.get_absolute_url(),
                thread=thread,
            )
    return [thread.pk for thread in reminded]


# --- Following tags -------------------------------------------------------------------------


def follow_tag(*, user: User, tag: Tag) -> None:
    """Idempotent: following twice is one follow."""
    try:
        with transaction.atomic():
            _, created = TagFollow.objects.get_or_create(user=user, tag=tag)
        if created:
            pagecache.changed(f"member:{user.pk}")  # their own tag page's button
    except IntegrityError:
        pass  # a concurrent follow won the race; the outcome is the same


def unfollow_tag(*, user: User, tag: Tag) -> None:
    if TagFollow.objects.filter(user=user, tag=tag).delete()[0]:
        pagecache.changed(f"member:{user.pk}")


# --- The weekly digest ----------------------------------------------------------------------


@dataclass
class DigestRun:
    sent: list[int] = field(default_factory=list)  # members emailed
    nothing_new: list[int] = field(default_factory=list)  # looked at, nothing to tell them
    failed: list[int] = field(default_factory=list)  # released for the next run


def send_weekly_digests(*, now: datetime) -> DigestRun:
    """Email each member due a digest (querysets.members_due_a_digest) one message listing the
    unanswered questions asked in the tags they follow since their last digest (the last
    DIGEST_INTERVAL for a first one). Nothing is sent when nothing is new; that look is still
    recorded, so the member is looked at again DIGEST_INTERVAL later and the next digest
    starts where this look ended (nothing is skipped, nothing listed twice).

    Call outside a transaction: each claim commits before its email is sent, so that a second
    run, even a concurrent one, finds the member claimed and sends nothing."""
    interval = conf.DIGEST_INTERVAL
    run = DigestRun()
    ids = list(querysets.members_due_a_digest(now=now).order_by("pk").values_list("pk", flat=True)[:DIGEST_BATCH])
    if not ids:
        return run
    known = set(MemberDigest.objects.filter(user_id__in=ids).values_list("user_id", flat=True))
    # A first look covers the last interval.
    MemberDigest.objects.bulk_create(
        [
            MemberDigest(user_id=user_id, covered_from=now - interval, covered_up_to=now - interval)
            for user_id in ids
            if user_id not in known
        ],
        ignore_conflicts=True,  # a concurrent run made it first; its claim decides below
    )
    # The claim: one UPDATE whose WHERE re-checks that the member is due, moving their window
    # on to end now. Only the rows carrying this run's time are this run's to send.
    MemberDigest.objects.filter(user_id__in=ids).filter(Q(checked_at=None) | Q(checked_at__lte=now - interval)).update(
        checked_at=now, covered_from=F("covered_up_to"), covered_up_to=now
    )
    for digest in MemberDigest.objects.filter(user_id__in=ids, checked_at=now).select_related("user"):
        _send_digest(digest, run=run)
    return run


def _send_digest(digest: MemberDigest, *, run: DigestRun) -> None:
    member = digest.user
    threads = querysets.digest_threads(user=member, after=digest.covered_from, up_to=digest.covered_up_to)
    listed = list(threads.with_tags()[:DIGEST_LISTED])
    if not listed:
        run.nothing_new.append(member.pk)
        return
    total = len(listed) if len(listed) < DIGEST_LISTED else threads.count()
    subject, body = _digest_email(member, listed, total=total, since=digest.covered_from)
    try:
        send_mail(subject=subject, message=body, from_email=None, recipient_list=[member.email])
    except Exception:
        logger.exception("weekly digest to user %s failed", member.pk)
        # Released: the next run looks again, over the same window.
        MemberDigest.objects.filter(pk=digest.pk, checked_at=digest.checked_at).update(
            checked_at=None, covered_up_to=F("covered_from")
        )
        run.failed.append(member.pk)
        return
    MemberDigest.objects.filter(pk=digest.pk).update(sent_at=digest.checked_at, thread_count=total)
    run.sent.append(member.pk)


def _digest_email(member: User, threads: list[Thread], *, total: int, since: datetime) -> tuple[str, str]:
    tags = list(querysets.followed_tags(member).values_list("name", "slug"))
    more = total - len(threads)
    # One tag: its own Unanswered list; several: the whole Unanswered tab.
    unanswered = {"tab": "unanswered", **({"tag": tags[0][1]} if len(tags) == 1 else {})}
    context = {
        "member": member,
        "threads": threads,
        "total": total,
        "since": since,
        "more": more,
        "tag_names": [name for name, _slug in tags],
        "more_url": absolute_url(f"{reverse('forum:home')}?{urlencode(unanswered)}"),
        "settings_url": absolute_url(reverse("accounts:settings")),
        "site_name": settings.SITE_NAME,
    }
    noun = "question" if total == 1 else "questions"
    # No title in the subject: a header is one line, and one_line keeps it so whatever SITE_NAME holds.
    subject = one_line(f"[{settings.SITE_NAME}] {total} unanswered {noun} in the tags you follow")
    return subject, render_to_string("reminders/digest_email.txt", context)
