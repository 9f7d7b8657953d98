"""Ideas hear the forum (forum/signals.py), inside the transaction of its action: every idea
thread gets its Idea when its question is written, whoever wrote it (ideas.actions.post_idea,
the demo, a test), so that no idea is ever without a status. Connected in apps.py."""

from django.dispatch import receiver

from forum import signals
from forum.models import Thread
from ideas.models import Idea


@receiver(signals.post_created, dispatch_uid="ideas.open_idea")
def open_idea(sender, *, post, **kwargs) -> None:
    # post.thread is the thread just created with it: reading its kind costs no query.
    if post.is_question and post.thread.kind == Thread.Kind.IDEA:
        Idea.objects.create(thread=post.thread)
