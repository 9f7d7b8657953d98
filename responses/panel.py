"""What a rep sees about a thread on its page: who asked, how much their voice counts
here, how long they have waited, and who is on it."""

from dataclasses import dataclass

from django.utils import timezone

from forum.models import TagReputation, Thread, ThreadEvent
from responses.models import OfficialRequest, QueueClaim


@dataclass(frozen=True)
class RepPanel:
    absolute_influence: int
    relative_influence: dict[str, int]  # tag name -> the asker's reputation in it
    waited_minutes: float
    lag_minutes: int
    escalation_level: int
    claim: QueueClaim | None
    requests: list[OfficialRequest]  # who asked for an official answer, and when
    events: list[ThreadEvent]  # who accepted, marked, claimed, released, dismissed


def rep_panel(thread: Thread) -> RepPanel:
    timing = (
        Thread.objects.filter(pk=thread.pk)
        .with_lag_and_wait(now=timezone.now())
        .values("lag_minutes", "waited_minutes")[0]
    )
    per_tag = dict(
        TagReputation.objects.filter(user_id=thread.author_id, tag__in=thread.tags.all()).values_list(
            "tag__name", "reputation"
        )
    )
    return RepPanel(
        absolute_influence=thread.author.reputation,
        relative_influence={tag.name: per_tag.get(tag.name, 0) for tag in thread.tags.all()},
        waited_minutes=timing["waited_minutes"],
        lag_minutes=timing["lag_minutes"],
        escalation_level=thread.escalation_level,
        claim=QueueClaim.objects.select_related("claimed_by").filter(thread=thread).first(),
        requests=list(OfficialRequest.objects.filter(thread=thread).select_related("requested_by")),
        events=list(ThreadEvent.objects.filter(thread=thread).select_related("actor")),
    )
