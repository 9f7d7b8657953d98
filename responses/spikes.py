"""Spikes (issue 28): ten customers saying "me too" in half an hour is news before the thread's
turn in the queue comes. When a thread's "me too"s within the leads' window (QueueWeights;
conf.SPIKE_ME_TOOS in SPIKE_MINUTES until they choose) reach their number, a Spike opens and
the reps who look after its tags (every rep when nobody does) and the leads are told once, on
the site and by email, and webhooks get `thread.spiking`. It stays open, marking the thread's
queue row, until the pace falls under half the number (beat's `end_spikes`), so a thread that
keeps growing is not announced again and again; a new burst after that is a new spike.

"Me too" is the signal: the same problem, said by another customer. Views and votes count in
the priority's velocity, not here."""

from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, OuterRef, Q
from taggit.models import TaggedItem

from accounts.permissions import holders_of
from config import events, pagecache
from forum.models import MeToo, Thread
from forum.notifications import notify
from responses.conf import conf
from responses.expressions import thread_content_type_id
from responses.models import QueueWeights, RepTag, Spike


def threshold() -> tuple[int, timedelta]:
    """(how many "me too"s, within how long) make a spike."""
    chosen = QueueWeights.objects.filter(pk=1).values_list("spike_me_toos", "spike_minutes").first()
    me_toos, minutes = chosen or (conf.SPIKE_ME_TOOS, conf.SPIKE_MINUTES)
    return me_toos, timedelta(minutes=minutes)


def me_too_said(*, thread_id: int, now: datetime) -> Spike | None:
    """After a "me too" on `thread_id` (the engine's interest, in the action's transaction):
    open a spike if the pace reached the threshold and none is open."""
    number, window = threshold()
    recent = MeToo.objects.filter(thread_id=thread_id, created_at__gt=now - window, created_at__lte=now).count()
    if recent < number or Spike.objects.filter(thread_id=thread_id, ended_at=None).exists():
        return None
    try:
        with transaction.atomic():  # two "me too"s at once: the constraint keeps one spike
            spike = Spike.objects.create(thread_id=thread_id, started_at=now, me_toos=recent)
    except IntegrityError:
        return None
    _tell(spike, window=window)
    return spike


def _tell(spike: Spike, *, window: timedelta) -> None:
    thread = Thread.objects.get(pk=spike.thread_id)
    minutes = int(window.total_seconds() // 60)
    notify(
        recipient_ids=recipients(thread),
        text=f"“{thread.title}” is spiking: {spike.me_toos} people said “me too” within {minutes} minutes",
        url=thread.get_absolute_url(),
        thread=thread,
        once_key=f"spike:{spike.pk}",
    )
    pagecache.changed("queue", f"thread:{thread.pk}")
    events.publish(
        "thread.spiking",
        lambda: events.thread_payload(thread, me_toos=spike.me_toos, minutes=minutes, started_at=spike.started_at),
    )


def recipients(thread: Thread) -> set[int]:
    """The leads, and the reps who look after the thread's tags (every rep when none does)."""
    leads = set(holders_of("receive_escalations").values_list("pk", flat=True))
    reps = holders_of("work_official_queue")
    tag_ids = TaggedItem.objects.filter(content_type_id=thread_content_type_id(), object_id=thread.pk).values("tag_id")
    own = reps.filter(Exists(RepTag.objects.filter(rep=OuterRef("pk"), tag_id__in=tag_ids)))
    chosen = set(own.values_list("pk", flat=True)) or set(reps.values_list("pk", flat=True))
    return leads | chosen


def end_spikes(*, now: datetime) -> int:
    """Beat: close the spikes whose pace fell under half the threshold. Returns how many."""
    number, window = threshold()
    open_spikes = Spike.objects.filter(ended_at=None).annotate(
        recent=Count("thread__me_toos", filter=Q(thread__me_toos__created_at__gt=now - window))
    )
    calm = [spike.pk for spike in open_spikes if spike.recent * 2 < number]
    if calm:
        Spike.objects.filter(pk__in=calm, ended_at=None).update(ended_at=now)
        pagecache.changed("queue")
    return len(calm)


SUGGEST_ANNOUNCEMENT_AT = 2  # spiking threads in one tag: speak first (the seeds' crisis advice)


def spiking_tags() -> list[dict]:
    """Tags with several threads spiking now, for the leads: {"name", "slug", "threads"}."""
    open_ids = Spike.objects.filter(ended_at=None).values("thread_id")
    counted = (
        TaggedItem.objects.filter(content_type_id=thread_content_type_id(), object_id__in=open_ids)
        .values("tag__name", "tag__slug")
        .annotate(threads=Count("object_id", distinct=True))
        .filter(threads__gte=SUGGEST_ANNOUNCEMENT_AT)
        .order_by("-threads", "tag__name")
    )
    return [{"name": row["tag__name"], "slug": row["tag__slug"], "threads": row["threads"]} for row in counted]


def recent_spikes(*, now: datetime, days: int = 7) -> list[Spike]:
    """The dashboard's list: spikes started in the last `days` days, newest first."""
    return list(Spike.objects.filter(started_at__gte=now - timedelta(days=days)).select_related("thread")[:50])
