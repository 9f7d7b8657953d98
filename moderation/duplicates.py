"""Closing a thread as a duplicate, found by its title and read before confirming: the
candidates, what the original looks like (its state and best answer), and whether the thread
waits in the official queue, which it would leave."""

from dataclasses import dataclass

from forum.models import Post, Thread
from responses.models import QueueClaim, QueueThread

CANDIDATES = 10


def candidates(thread: Thread, query: str):
    """Threads whose titles share the longer words of `query` (the thread's own title by
    default), the thread itself left out."""
    return Thread.objects.exclude(pk=thread.pk).similar_to(query or thread.title, limit=CANDIDATES)


@dataclass(frozen=True)
class Original:
    thread: Thread
    answer: Post | None  # the accepted answer, else an official one, else the best-scored


def original_for_preview(number: int) -> Original | None:
    thread = Thread.objects.filter(pk=number).first()
    if thread is None:
        return None
    answers = Post.objects.visible().answers().filter(thread=thread).select_related("author")
    answer = (
        answers.filter(pk=thread.accepted_post_id).first()
        or answers.filter(is_official=True).first()
        or answers.order_by("-score", "created_at").first()
    )
    return Original(thread=thread, answer=answer)


def queue_state(thread_id: int) -> str:
    """What the thread waits for in the official queue ("" when nothing): closing it as a
    duplicate takes it out, so the moderator confirms that."""
    claim = QueueClaim.objects.filter(thread_id=thread_id).select_related("claimed_by").first()
    if claim is not None:
        return f"This thread is assigned to {claim.claimed_by.name} in the official queue."
    if QueueThread.objects.awaiting_official().filter(pk=thread_id).exists():
        return "This thread waits for an official answer in the official queue."
    return ""
