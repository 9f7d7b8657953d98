"""What an idea's thread page shows about it, and what a support thread shows of its idea."""

from dataclasses import dataclass

from forum.models import Thread
from ideas.models import Idea, IdeaLink, IdeaStatusChange
from ideas.querysets import LINKS_SHOWN


@dataclass(frozen=True)
class IdeaPanel:
    idea: Idea
    history: list[IdeaStatusChange]  # oldest first
    links: list[IdeaLink]  # the latest LINKS_SHOWN support threads linked to it
    more_links: bool  # and there are more

    @property
    def latest(self) -> IdeaStatusChange | None:
        return self.history[-1] if self.history else None


def idea_panel(thread: Thread) -> IdeaPanel:
    """Three small queries whatever the idea holds: its status, its history, its links."""
    # Every idea thread has its Idea (ideas.actions.post_idea); one made some other way reads as open.
    idea = Idea.objects.filter(pk=thread.pk).first() or Idea(thread=thread)
    idea.thread = thread  # the page's own thread: no query for it
    history = list(IdeaStatusChange.objects.filter(idea_id=thread.pk).with_changer())
    links = list(IdeaLink.objects.shown_on(thread.pk)[: LINKS_SHOWN + 1])
    return IdeaPanel(idea=idea, history=history, links=links[:LINKS_SHOWN], more_links=len(links) > LINKS_SHOWN)


def linked_idea(thread: Thread) -> IdeaLink | None:
    """The support thread's link to its idea, with the idea and its thread: one query."""
    return IdeaLink.objects.filter(thread_id=thread.pk).select_related("idea__thread").first()
