"""What a rep sees about a thread on its page: who asked, how much their voice counts
here, how long they have waited, how upset they sound, and who is on it."""

from dataclasses import dataclass, field

from django.utils import timezone

from forum.models import TagReputation, Thread, ThreadEvent
from responses import done, waiting
from responses.conf import conf
from responses.models import DoneRecord, HeldReply, OfficialRequest, QueueClaim, QueueThread


@dataclass(frozen=True)
class RepPanel:
    absolute_influence: int
    relative_influence: dict[str, int]  # tag name -> the asker's reputation in it
    waited_minutes: float
    lag_minutes: int
    escalation_level: int
    heat: float  # how negative the question sounds, 0..1 (forum/heat.py)
    claim: QueueClaim | None
    requests: list[OfficialRequest]  # who asked for an official answer, and when
    events: list[ThreadEvent]  # who accepted, marked, claimed, released, dismissed
    # Official replies on this thread waiting for a lead's second look (second_look.py): so
    # that no second rep writes another meanwhile.
    held: list[HeldReply] = field(default_factory=list)
    # The company owes a reply now: no official response yet, or the customer's follow-up
    # since. What the panel suggests and lists is about now, never about what was answered.
    owes_reply: bool = True
    # The follow-up was marked done a moment ago: who, when, and its Undo (responses/done.py).
    done: DoneRecord | None = None

    @property
    def heat_in_words(self) -> str:
        if self.heat >= conf.HEAT_SUGGESTS_CASE:
            return "this customer sounds upset"
        if self.heat >= conf.HEAT_HOT:
            return "this customer sounds unhappy"
        return "a little negative" if self.heat > 0 else "calm"

    @property
    def suggests_case(self) -> bool:
        """Upset customers are often best answered in private first (design, "Taking it
        private, then public again"): while the company owes them a reply, not after an
        official reply or a case has given one."""
        return self.owes_reply and self.heat >= conf.HEAT_SUGGESTS_CASE

    @property
    def open_requests(self) -> list[OfficialRequest]:
        """Requests for an official answer still waiting for one."""
        return self.requests if self.owes_reply else []


def rep_panel(thread: Thread) -> RepPanel:
    timing = (
        QueueThread.objects.filter(pk=thread.pk)
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
        escalation_level=thread.response_state.escalation_level,
        heat=thread.response_state.heat,
        claim=QueueClaim.objects.select_related("claimed_by").filter(thread=thread).first(),
        requests=list(OfficialRequest.objects.filter(thread=thread).select_related("requested_by")),
        events=list(ThreadEvent.objects.filter(thread=thread).select_related("actor", "subject")),
        held=list(HeldReply.objects.filter(thread=thread, status=HeldReply.Status.PENDING).select_related("author")),
        owes_reply=waiting.waits_on_company(thread),
        done=done.undoable(thread),
    )
