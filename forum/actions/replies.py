"""Replies: short posts under the question or an answer (issue 27), for clarifications,
requests for a detail and thanks. A reply is a Post with `reply_to`: it is flagged, edited,
withdrawn, erased and searched like any post, but it is no answer (never counted, accepted
or made official, its votes move no reputation) and it does not change the thread's status.
What it means for the waiting state is the engine's: the customer's reply after the
official answer, or to a rep's request for a detail, puts the thread back in the queue."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from config import events, pagecache
from forum import locking, search
from forum.actions.posts import double_submit_window, write_post
from forum.engine import engine
from forum.models import Post, Thread
from forum.notifications import notify


@transaction.atomic
def reply(
    *,
    parent: Post,
    author: User,
    body: str,
    asks_customer: bool = False,
    expects_answer: bool = True,
    notify_conversation: bool = True,
    now: datetime | None = None,
) -> Post:
    """A reply under `parent`; under a reply, it joins that reply's own parent (one level
    deep). `asks_customer`: a rep asks the customer for a detail, and the thread waits on
    them (only reps may: forum.usecases.reply). `expects_answer=False`: the asker's update
    after a resolved case, which tells the thread how it ended and puts nothing back in the
    queue. The asker's reply under the question reads "Update from the asker". With
    `notify_conversation=False` the caller tells whom it should (a case's resolution note).
    The same reply sent twice within DUPLICATE_SUBMIT_WINDOW returns the first."""
    now = now or timezone.now()
    thread = locking.lock_thread(parent.thread_id)
    if parent.reply_to_id is not None:
        parent = Post.objects.get(pk=parent.reply_to_id)
    recent = Post.objects.filter(
        reply_to=parent, author=author, body=body, created_at__range=double_submit_window(now)
    ).first()
    if recent:
        return recent
    post = write_post(thread=thread, author=author, body=body, is_question=False, now=now, reply_to=parent)
    Thread.objects.filter(pk=thread.pk).update(last_activity_at=now)
    pagecache.changed("threads", f"thread:{thread.pk}")
    engine().replied(post=post, thread=thread, asks_customer=asks_customer, expects_answer=expects_answer, now=now)
    search.refresh_search_vector(thread_id=thread.pk)
    events.publish(
        "post.replied",
        lambda: events.thread_payload(
            thread, post={**events.post_data(post), "reply_to": parent.pk}, asks_customer=asks_customer
        ),
    )
    if notify_conversation:
        _tell_the_conversation(post=post, parent=parent, thread=thread, asks_customer=asks_customer)
    return post


def _tell_the_conversation(*, post: Post, parent: Post, thread: Thread, asks_customer: bool) -> None:
    """The parent's author and everyone who replied under it before; the asker too when a rep
    asks the customer for a detail."""
    earlier = Post.objects.filter(reply_to=parent).exclude(pk=post.pk).values_list("author_id", flat=True)
    told = {parent.author_id, *earlier} - {post.author_id}
    if asks_customer:
        notify(
            recipient_ids={thread.author_id} - {post.author_id},
            actor=post.author,
            text=f"asked you for a detail on “{thread.title}”",
            url=post.get_absolute_url(),
            thread=thread,
        )
        told.discard(thread.author_id)
    if parent.author_id in told:
        on = "your question" if parent.is_question else "your answer"
        notify(
            recipient_ids=[parent.author_id],
            actor=post.author,
            text=f"replied to {on} on “{thread.title}”",
            url=post.get_absolute_url(),
            thread=thread,
        )
    notify(
        recipient_ids=told - {parent.author_id},
        actor=post.author,
        text=f"replied after you on “{thread.title}”",
        url=post.get_absolute_url(),
        thread=thread,
    )
