"""The engine hears what happens in the forum (forum/signals.py), inside the transaction of
the forum's action: replies that bring a thread back to the queue, and the interest (me too,
an up-vote on the question, a view) that velocity counts. Connected in apps.py."""

from django.dispatch import receiver

from forum import signals
from forum.models import Thread
from responses import actions, velocity


@receiver(signals.answer_posted, dispatch_uid="responses.queue_after_reply")
def queue_after_reply(sender, *, post, thread, official, now, follow_up=True, **kwargs) -> None:
    actions.queue_after_reply(post=post, thread=thread, official=official, follow_up=follow_up, now=now)


@receiver(signals.vote_cast, dispatch_uid="responses.upvote_is_interest")
def upvote_is_interest(sender, *, post, value, now, **kwargs) -> None:
    # A new up-vote on the question is interest; taking one back is not news.
    if post.is_question and value > 0:
        velocity.add_interest(Thread.objects.filter(pk=post.thread_id), velocity.UPVOTE, now=now)


@receiver(signals.me_too_changed, dispatch_uid="responses.me_too_is_interest")
def me_too_is_interest(sender, *, thread, on, now, **kwargs) -> None:
    if on:
        velocity.add_interest(Thread.objects.filter(pk=thread.pk), velocity.ME_TOO, now=now)


@receiver(signals.view_recorded, dispatch_uid="responses.view_is_interest")
def view_is_interest(sender, *, thread, now, **kwargs) -> None:
    velocity.add_interest(Thread.objects.filter(pk=thread.pk), velocity.VIEW, now=now)
