"""Asking, answering and editing: every post is written here."""

from collections.abc import Sequence
from datetime import datetime

from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from config import events, pagecache
from forum import heat, locking, moderation_port, reputation, search
from forum.actions.following import follow_thread
from forum.actions.official import make_official, withdraw_official_mark
from forum.actions.titles import set_title
from forum.conf import conf
from forum.engine import engine
from forum.markdown import html_to_text, render_markdown
from forum.models import Follow, Post, Revision, Thread
from forum.notifications import notify


def double_submit_window(now: datetime) -> tuple[datetime, datetime]:
    """When a copy counts as the same submit: within DUPLICATE_SUBMIT_WINDOW either side of
    `now`. After it too: `now` is read before the lock is waited for, so under load the copy
    that read the clock second can take the lock, and write its row, first (issue 15)."""
    return now - conf.DUPLICATE_SUBMIT_WINDOW, now + conf.DUPLICATE_SUBMIT_WINDOW


# Kinds of thread whose own app posts them, writing its rows in the same transaction: an idea
# is posted by ideas.actions.post_idea, which gives it its status (no idea without one).
POSTED_BY_THEIR_APP = {Thread.Kind.IDEA: "ideas.actions.post_idea"}


def ask_question(
    *,
    author: User,
    title: str,
    body: str,
    tags: Sequence[str],
    kind: str = Thread.Kind.QUESTION,
    now: datetime | None = None,
) -> Thread:
    """Create a thread and its question (post 1): a question or an announcement (`kind`; who
    may post which is checked by the caller). An idea is posted by ideas.actions.post_idea
    (POSTED_BY_THEIR_APP). The same question sent twice within DUPLICATE_SUBMIT_WINDOW (a
    double click) returns the first thread."""
    if kind in POSTED_BY_THEIR_APP:
        raise ValueError(f"a thread of kind {kind!r} is posted by {POSTED_BY_THEIR_APP[kind]}")
    return start_thread(author=author, title=title, body=body, tags=tags, kind=kind, now=now)


@transaction.atomic
def start_thread(
    *, author: User, title: str, body: str, tags: Sequence[str], kind: str, now: datetime | None = None
) -> Thread:
    """ask_question for any kind: called by ask_question, and by the verb of the app that owns
    a kind (POSTED_BY_THEIR_APP), which writes its own rows in this same transaction."""
    now = now or timezone.now()
    reputation.lock_users(author.pk)  # serialises this author's double submits
    recent = Thread.objects.filter(author=author, title=title, created_at__range=double_submit_window(now)).first()
    if recent:
        return recent
    thread = Thread.objects.create(title=title, author=author, kind=kind, created_at=now, last_activity_at=now)
    thread.tags.set(list(tags))
    question = write_post(thread=thread, author=author, body=body, is_question=True, now=now)
    # The engine's state row, in this transaction: a thread always has one.
    engine().thread_created(
        thread=thread, heat=heat.thread_heat(kind=kind, title=title, body_html=question.body_html), now=now
    )
    follow_thread(user=author, thread=thread)
    search.refresh_search_vector(thread_id=thread.pk)
    pagecache.changed("threads", "tags", f"thread:{thread.pk}")
    events.publish("thread.created", lambda: events.thread_payload(thread))
    return thread


@transaction.atomic
def post_answer(
    *,
    author: User,
    thread: Thread,
    body: str,
    official: bool = False,
    follow_up: bool = True,
    now: datetime | None = None,
) -> Post:
    """Add an answer; the engine records it (forum/engine.py): the first response when the
    answerer is not the asker. An official answer (by a rep:
    permissions.check_can_post_official) is also the first official response, which takes the
    thread out of the official-response queue. With
    `follow_up=False` the reply expects no answer from the company (the asker's update after
    a private case was resolved): the engine does not put the thread back in the queue.

    The same answer sent twice within DUPLICATE_SUBMIT_WINDOW, or sent again with nothing
    else from its author in the thread since, returns the first post.
    """
    now = now or timezone.now()
    thread = locking.lock_thread(thread.pk)
    recent = Post.objects.filter(
        thread=thread, author=author, body=body, created_at__range=double_submit_window(now)
    ).first()
    if recent:
        return recent
    # A double click can wait longer than the window in front of a busy server (issue 15:
    # 500 POSTs on one thread): the same text again, with nothing from them in between, is
    # the same answer whenever it arrives.
    mine = Post.objects.answers().filter(thread=thread, author=author, withdrawn_at=None)
    latest = mine.order_by("-created_at", "-pk").first()
    if latest and latest.body == body:
        return latest
    post = write_post(thread=thread, author=author, body=body, is_question=False, now=now)
    changes = {"answer_count": F("answer_count") + 1, "last_activity_at": now}
    # Only someone other than the asker answers a thread: the asker's own follow-up leaves it
    # open and waiting, as the engine (awaiting_first_response) sees it.
    if author.pk != thread.author_id and thread.status == Thread.Status.OPEN:
        changes["status"] = Thread.Status.ANSWERED
    Thread.objects.filter(pk=thread.pk).update(**changes)
    pagecache.changed("threads", f"thread:{thread.pk}")
    # What the reply means for the waiting state is the engine's to record: the first
    # response, a dismissal undone, the customer's follow-up after the official answer.
    engine().answered(post=post, thread=thread, official=official, follow_up=follow_up, now=now)
    if official:
        make_official(post=post, by=author, thread=thread, now=now)
    search.refresh_search_vector(thread_id=thread.pk)
    follow_thread(user=author, thread=thread)
    followers = Follow.objects.filter(thread=thread).exclude(user=author).values_list("user_id", flat=True)
    notify(
        recipient_ids=followers,
        actor=author,
        text=f"answered “{thread.title}”",
        url=post.get_absolute_url(),
        thread=thread,
    )
    return post


@transaction.atomic
def edit_post(
    *, post: Post, editor: User, body: str, title: str | None = None, reason: str = "", now: datetime | None = None
) -> Post:
    """Save a new text for a post, keeping the old one as a revision. No change, no revision.
    A new title gives the thread a new address (forum/actions/titles.py). Someone editing
    another's post says why (`reason`, checked by forum/usecases.py's door): the post shows
    it, the author is told, and a moderator's edit is in the public log. Locks the thread,
    then the post (forum/locking.py's order)."""
    now = now or timezone.now()
    post = locking.lock_post_and_thread(post.pk, thread_id=post.thread_id)
    thread = post.thread
    title_changes = post.is_question and title is not None and title != thread.title
    if body == post.body and not title_changes:
        return post
    post.body = body
    post.body_html = render_markdown(body)
    post.body_text = html_to_text(post.body_html)
    post.edited_at = now
    post.edited_by = editor
    by_someone_else = editor.pk != post.author_id
    post.edit_reason = reason if by_someone_else else ""
    post.edit_count = F("edit_count") + 1
    post.save(update_fields=["body", "body_html", "body_text", "edited_at", "edited_by", "edit_reason", "edit_count"])
    if post.is_official and not editor.has_perm("accounts.post_official"):
        # The badge vouches for words a rep read: changed by anyone else, it comes off.
        withdraw_official_mark(post=post, thread=thread, edited_by=editor)
    if title_changes:
        set_title(thread=thread, title=title)
    if post.is_question:
        engine().heat_changed(
            thread=thread, heat=heat.thread_heat(kind=thread.kind, title=thread.title, body_html=post.body_html)
        )
    number = post.revisions.count() + 1
    Revision.objects.create(
        post=post,
        number=number,
        editor=editor,
        body=body,
        title=thread.title if post.is_question else "",
        reason=post.edit_reason,
        created_at=now,
    )
    if by_someone_else:
        moderation_port.record_edit(post=post, by=editor, reason=reason, now=now)
        notify(
            recipient_ids=[post.author_id],
            text=f"{editor.name} edited your post on “{thread.title}”" + (f": {reason}" if reason else ""),
            url=reverse("forum:revisions", args=[post.pk]),
            thread=thread,
        )
    search.refresh_search_vector(thread_id=thread.pk)
    # Lists and search show the question's title and text, search every answer's; a queued
    # thread's new title is on the queue.
    pagecache.changed("threads", f"thread:{thread.pk}", *(("queue",) if title_changes else ()))
    post.refresh_from_db()
    return post


def write_post(
    *, thread: Thread, author: User, body: str, is_question: bool, now: datetime, reply_to: Post | None = None
) -> Post:
    """A post's row and its first revision, screened for a moderator's first look: what
    asking, answering and replying (forum/actions/replies.py) share."""
    html = render_markdown(body)
    post = Post.objects.create(
        thread=thread,
        author=author,
        is_question=is_question,
        reply_to=reply_to,
        body=body,
        body_html=html,
        body_text=html_to_text(html),
        created_at=now,
    )
    Revision.objects.create(
        post=post, number=1, editor=author, body=body, title=thread.title if is_question else "", created_at=now
    )
    moderation_port.screen_new_post(post)  # a new member's first post with links: a first look
    return post
