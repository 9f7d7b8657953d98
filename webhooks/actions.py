"""Writes of the webhooks: subscriptions, and every attempt to deliver an event.

A delivery is claimed before it is sent: one conditional UPDATE (still pending, due now)
moves its next_attempt_at to the end of a lease and counts the attempt, so of the task and
the sweep (or two sweeps) racing for it exactly one sends; on PostgreSQL the sweep also picks
its batch with SKIP LOCKED so that two sweeps split the work. The HTTP request runs outside
any transaction (a slow receiver holds no lock), and its outcome is written in one more.
A worker killed mid-send leaves the lease to run out, and the sweep sends it again; the
receiver drops the repeat by its X-Helpcircle-Delivery id.
"""

import contextlib
import logging
import time
from datetime import datetime, timedelta

from celery import current_app
from django.conf import settings
from django.core.mail import send_mail
from django.db import connection, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from accounts.permissions import holders_of
from config.events import EVENTS
from config.site import absolute_url
from forum.notifications import notifications_stay_on_site, notify
from webhooks import addresses, sending
from webhooks.conf import conf
from webhooks.models import Delivery, Subscription, new_secret

logger = logging.getLogger(__name__)

PING = "ping"


# --- Subscriptions ----------------------------------------------------------------------------


@transaction.atomic
def create_subscription(*, url: str, events: list[str], by: User, now: datetime | None = None) -> Subscription:
    """Subscribe `url` to `events` (names from config.events.EVENTS), `url` normalised as
    browsers send it. Raises addresses.RefusedURL for a URL the guard refuses."""
    unknown = set(events) - set(EVENTS)
    if unknown or not events:
        raise ValueError(f"unknown or no events: {sorted(unknown)}")
    url = addresses.normalise_url(url)  # stored as it is sent: IDNA host, percent-encoded path
    addresses.check_url(url)
    return Subscription.objects.create(url=url, events=list(events), created_by=by, created_at=now or timezone.now())


@transaction.atomic
def rotate_secret(*, subscription: Subscription) -> str:
    """A new secret, at once: every delivery from now on is signed with it, retries too."""
    secret = new_secret()
    Subscription.objects.filter(pk=subscription.pk).update(secret=secret)
    subscription.secret = secret
    return secret


@transaction.atomic
def disable_subscription(
    *, subscription: Subscription, reason: str = "", by: User | None = None, now: datetime | None = None
) -> bool:
    """Stop delivering (pending deliveries wait): by a lead (`by`, held by id), or by the site
    for `reason`. Returns False when it was disabled already."""
    return bool(
        Subscription.objects.filter(pk=subscription.pk, active=True).update(
            active=False, disabled_at=now or timezone.now(), disabled_reason=reason[:300], disabled_by=by
        )
    )


@transaction.atomic
def enable_subscription(*, subscription: Subscription) -> bool:
    """Deliver again, from a clean failure count; deliveries that waited are sent by the sweep."""
    return bool(
        Subscription.objects.filter(pk=subscription.pk, active=False).update(
            active=True, disabled_at=None, disabled_reason="", disabled_by=None, consecutive_failures=0
        )
    )


@transaction.atomic
def delete_subscription(*, subscription: Subscription) -> None:
    Subscription.objects.filter(pk=subscription.pk).delete()  # its deliveries go with it


# --- Publishing -------------------------------------------------------------------------------


def record_deliveries(event: str, payloads) -> list[int]:
    """config.events' subscriber: one pending Delivery per active subscription that wants
    `event`, per payload, in the publishing action's transaction (so no event is lost when
    the broker is down); each one's task is sent after commit."""
    wanting = [
        pk for pk, wanted in Subscription.objects.filter(active=True).values_list("pk", "events") if event in wanted
    ]
    if not wanting:
        return []
    now = timezone.now()
    deliveries = Delivery.objects.bulk_create(
        Delivery(subscription_id=pk, event=event, payload=payload, created_at=now, next_attempt_at=now)
        for payload in payloads()
        for pk in wanting
    )
    ids = [delivery.pk for delivery in deliveries]  # PostgreSQL and SQLite return the ids
    if ids:
        transaction.on_commit(lambda: _send_tasks_later(ids))
    return ids


DELIVER_TASK = "webhooks.tasks.deliver_task"


def _send_tasks_later(ids: list[int]) -> None:
    """One task per delivery, after commit. With the broker down the action that published
    has committed already and must not fail: the deliveries wait, pending, for the sweep."""
    for pk in ids:
        try:
            current_app.send_task(DELIVER_TASK, args=[pk])
        except Exception:
            logger.exception("webhook deliveries %s: the task could not be sent; the sweep will send them", ids)
            return


# --- Delivering -------------------------------------------------------------------------------


def deliver(*, delivery_id: int, now: datetime | None = None) -> Delivery | None:
    """Send one pending delivery that is due, once. Returns it with its outcome, or None when
    it is not this caller's to send (sent, not due, claimed by another worker, or its
    subscription disabled)."""
    now = now or timezone.now()
    delivery = _claim(delivery_id, now=now)
    if delivery is None:
        return None
    return _send(delivery, now=now)


def deliver_due(*, now: datetime | None = None) -> int:
    """Beat's sweep: send the deliveries whose next attempt is due (retries, and any whose
    task never reached the broker), oldest first, up to WEBHOOK_SWEEP_BATCH. Each is claimed
    just before it is sent and leased from then (the clock is read again for each, unless
    `now` is given), so that its lease covers its own attempt, not a queue of others before
    it. Whatever goes wrong with one delivery is its own: the sweep goes on to the next.
    Returns how many it sent (whatever the answer)."""
    pending = Delivery.objects.filter(status=Delivery.Status.PENDING, subscription__active=True).order_by(
        "next_attempt_at", "pk"
    )
    if connection.features.has_select_for_update_skip_locked:
        # Two sweeps at once split the work rather than queue behind each other's row.
        pending = pending.select_for_update(skip_locked=True, of=("self",))
    sent = 0
    for _ in range(conf.WEBHOOK_SWEEP_BATCH):
        claim_now = now or timezone.now()
        with transaction.atomic():
            pk = pending.filter(next_attempt_at__lte=claim_now).values_list("pk", flat=True).first()
            if pk is None:
                break
            delivery = _claim(pk, now=claim_now)
        if delivery is None:
            continue
        try:
            _send(delivery, now=claim_now)
        except Exception:  # writing the outcome failed: the lease runs out and it is sent again
            logger.exception("webhook delivery %s: the outcome of its attempt could not be written", pk)
        sent += 1
    return sent


# Between the longest attempt (WEBHOOK_TIMEOUT in all, sending.Deadline) and the end of its
# lease: the claim's commit, building the body, writing the outcome, a busy machine.
LEASE_MARGIN = timedelta(seconds=60)


def _lease() -> timedelta:
    """How long a claimed delivery is its attempt's. An attempt ends by WEBHOOK_TIMEOUT
    (lookup, connect, TLS, sending, every read), so a lease runs out only on a worker that
    died or stalled: then the sweep sends the delivery again, and the stalled attempt, should
    it wake, writes nothing over the new one (_record)."""
    return conf.WEBHOOK_TIMEOUT + LEASE_MARGIN


def _claim(delivery_id: int, *, now: datetime) -> Delivery | None:
    """Take delivery `delivery_id` for one attempt and return it, or None when it is not
    there to take: the guard is in the UPDATE's own WHERE, which PostgreSQL re-checks on a
    row a racing worker has just claimed. The `attempts` returned, this attempt's number,
    is the token its outcome is written with."""
    active = Subscription.objects.filter(active=True).values("pk")  # a subquery, not a join
    with transaction.atomic():
        claimed = Delivery.objects.filter(
            pk=delivery_id, status=Delivery.Status.PENDING, next_attempt_at__lte=now, subscription_id__in=active
        ).update(next_attempt_at=now + _lease(), attempts=F("attempts") + 1, last_attempt_at=now)
        if not claimed:
            return None
        return Delivery.objects.select_related("subscription").get(pk=delivery_id)


def _send(delivery: Delivery, *, now: datetime) -> Delivery:
    """One attempt of a claimed delivery, and its outcome written. Anything that goes wrong
    while building or sending it (a stored URL or event no request can carry, a bug) is that
    attempt's failure, logged: counted, retried and given up on like any other."""
    subscription = delivery.subscription
    started = time.monotonic()
    try:
        attempt = sending.post(
            url=subscription.url,
            secret=subscription.secret,
            event=delivery.event,
            delivery_id=str(delivery.delivery_id),
            body=sending.body_for(
                delivery_id=str(delivery.delivery_id),
                event=delivery.event,
                created_at=delivery.created_at,
                data=delivery.payload,
            ),
        )
    except Exception as error:
        logger.exception("webhook delivery %s: its attempt failed unexpectedly", delivery.pk)
        attempt = sending.Attempt(
            ok=False,
            response_code=None,
            duration_ms=round((time.monotonic() - started) * 1000),
            error=f"Unexpected error: {type(error).__name__}: {error}"[: sending.ERROR_LENGTH],
        )
    with transaction.atomic():
        _record(delivery, attempt, now=now)
    with contextlib.suppress(Delivery.DoesNotExist):  # its subscription was deleted meanwhile, and it with it
        delivery.refresh_from_db()
    return delivery


def retry_at(*, first_attempt_at: datetime, last_attempt_at: datetime, attempts: int) -> datetime | None:
    """When to try again after `attempts` failed ones: WEBHOOK_FIRST_RETRY, doubling, and a last
    try WEBHOOK_RETRY_FOR after the first attempt; None once that last try has failed."""
    give_up = first_attempt_at + conf.WEBHOOK_RETRY_FOR
    if last_attempt_at >= give_up:
        return None
    return min(last_attempt_at + conf.WEBHOOK_FIRST_RETRY * 2 ** (attempts - 1), give_up)


def _record(delivery: Delivery, attempt: sending.Attempt, *, now: datetime) -> None:
    """Write one attempt's outcome; after a failure, schedule the retry or give up. Only while
    the delivery is still this attempt's (pending, `attempts` as claimed): an attempt that
    outlived its lease, the delivery claimed again since, writes nothing over the newer one,
    and counts nothing against its subscription."""
    first_attempt_at = delivery.first_attempt_at or now
    outcome = {
        "first_attempt_at": first_attempt_at,
        "response_code": attempt.response_code,
        "duration_ms": attempt.duration_ms,
        "error": attempt.error,
    }
    mine = Delivery.objects.filter(pk=delivery.pk, status=Delivery.Status.PENDING, attempts=delivery.attempts)
    subscription = delivery.subscription
    if attempt.ok:
        if not mine.update(status=Delivery.Status.DELIVERED, next_attempt_at=None, **outcome):
            return _not_mine(delivery, attempt)
        if delivery.event != PING:
            Subscription.objects.filter(pk=subscription.pk).update(consecutive_failures=0)
        return
    if delivery.event == PING:  # a test shows what happens now; it is never retried
        if not mine.update(status=Delivery.Status.FAILED, next_attempt_at=None, **outcome):
            _not_mine(delivery, attempt)
        return
    retry = retry_at(first_attempt_at=first_attempt_at, last_attempt_at=now, attempts=delivery.attempts)
    status = Delivery.Status.PENDING if retry else Delivery.Status.ABANDONED
    if not mine.update(status=status, next_attempt_at=retry, **outcome):
        return _not_mine(delivery, attempt)
    Subscription.objects.filter(pk=subscription.pk).update(consecutive_failures=F("consecutive_failures") + 1)
    failures = Subscription.objects.values_list("consecutive_failures", flat=True).get(pk=subscription.pk)
    if retry is None:
        reason = f"A {delivery.event} delivery failed for {_hours(conf.WEBHOOK_RETRY_FOR)} and was abandoned."
    elif failures >= conf.WEBHOOK_DISABLE_AFTER:
        reason = f"{failures} delivery attempts in a row failed."
    else:
        return
    if disable_subscription(subscription=subscription, reason=f"{reason} Last error: {attempt.error}", now=now):
        _tell_leads_disabled(subscription, reason=reason, error=attempt.error)


def _not_mine(delivery: Delivery, attempt: sending.Attempt) -> None:
    logger.warning(
        "webhook delivery %s: attempt %s ended after its lease (claimed again, or deleted); its outcome is dropped: %s",
        delivery.pk,
        delivery.attempts,
        "delivered" if attempt.ok else attempt.error,
    )


def _hours(span: timedelta) -> str:
    return f"{span.total_seconds() / 3600:g} hours"


def _tell_leads_disabled(subscription: Subscription, *, reason: str, error: str) -> None:
    """The lead who made the subscription and every other lead: on the site, and one email
    each (sent here rather than by notify's email, which a lead may have turned off)."""
    leads = set(holders_of("manage_team").values_list("pk", flat=True))
    if subscription.created_by_id:
        leads.add(subscription.created_by_id)
    text = f"The webhook to {subscription.url} was disabled: {reason}"
    with notifications_stay_on_site():
        notify(recipient_ids=leads, text=text, url=subscription.get_absolute_url())
    emails = list(User.objects.filter(pk__in=leads, is_active=True).exclude(email="").values_list("email", flat=True))
    page = absolute_url(subscription.get_absolute_url())
    body = f"{text}\n\nLast error: {error}\n\nFix the receiver, then enable the webhook again at {page}\n"
    transaction.on_commit(lambda: _email(emails, body))


def _email(emails: list[str], body: str) -> None:
    try:
        send_mail(f"[{settings.SITE_NAME}] A webhook was disabled", body, None, emails)
    except Exception:
        logger.exception("the email about a disabled webhook could not be sent to %s", emails)


def send_test_event(*, subscription: Subscription, by: User, now: datetime | None = None) -> Delivery:
    """A `ping` to this subscription only, sent now, whatever the events it wants and even
    while it is disabled (to check a receiver before enabling it again)."""
    now = now or timezone.now()
    payload = {
        "message": "A test event from the webhooks page.",
        "subscription": {"id": subscription.pk, "url": subscription.url, "events": subscription.events},
        "url": absolute_url(reverse("webhooks:detail", kwargs={"subscription_id": subscription.pk})),
    }
    with transaction.atomic():
        delivery = Delivery.objects.create(
            subscription=subscription,
            event=PING,
            payload=payload,
            created_at=now,
            attempts=1,
            last_attempt_at=now,
            next_attempt_at=now + _lease(),
        )
    delivery.subscription = subscription
    return _send(delivery, now=now)
