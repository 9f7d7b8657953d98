"""Writes: posting an idea, giving it a status, linking support threads to it. Each verb is
one transaction and the only way its change happens; each locks what it changes and returns
early when nothing would change."""

from collections.abc import Iterable, Sequence
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from config import pagecache
from forum import actions as forum_actions
from forum.markdown import html_to_text, render_markdown
from forum.models import Follow, MeToo, Thread
from forum.notifications import notify
from ideas.models import Idea, IdeaDoneNotice, IdeaLink, IdeaStatus, IdeaStatusChange

# How a notification says each status, after the idea's title.
STATUS_NEWS = {
    IdeaStatus.OPEN: "is open for votes again",
    IdeaStatus.UNDER_REVIEW: "is under review",
    IdeaStatus.PLANNED: "is planned",
    IdeaStatus.IN_PROGRESS: "is in progress",
    IdeaStatus.DONE: "is done",
    IdeaStatus.DECLINED: "was declined",
}


@transaction.atomic
def post_idea(*, author: User, title: str, body: str, tags: Sequence[str], now: datetime | None = None) -> Thread:
    """An idea is a thread of kind `idea` (its question is what members vote on) and its Idea,
    open for votes, made in the same transaction: no idea is ever without a status. This is
    the only way an idea thread is made (forum's ask_question refuses the kind). The same idea
    sent twice in a moment returns the first thread, as asking does."""
    thread = forum_actions.start_thread(
        author=author, title=title, body=body, tags=tags, kind=Thread.Kind.IDEA, now=now
    )
    Idea.objects.get_or_create(thread=thread)
    return thread


@transaction.atomic
def set_idea_status(
    *, idea: Idea, status: str, note: str, by: User, now: datetime | None = None
) -> IdeaStatusChange | None:
    """Give the idea a new status with a public note: a history row, the idea's status, a
    notification to each of its followers but `by`, and, when it becomes done, the one notice
    each asker and "me too" member of its linked threads ever gets (tell_linked_members).
    The same status again changes nothing and tells nobody (returns None).

    Locks the idea's row: two reps setting statuses at once are applied one after the other,
    and the done notices of an idea are decided by one transaction at a time."""
    now = now or timezone.now()
    idea = Idea.objects.select_for_update(of=("self",)).select_related("thread").get(pk=idea.pk)
    if idea.status == status:
        return None
    note_html = render_markdown(note)
    change = IdeaStatusChange.objects.create(
        idea=idea,
        previous_status=idea.status,
        status=status,
        note=note,
        note_html=note_html,
        changed_by=by,
        changed_at=now,
    )
    Idea.objects.filter(pk=idea.pk).update(status=status, status_changed_at=now)
    linked = IdeaLink.objects.filter(idea=idea).values_list("thread_id", flat=True)
    pagecache.changed("ideas", "threads", f"thread:{idea.pk}", *(f"thread:{pk}" for pk in linked))
    thread = idea.thread
    followers = set(Follow.objects.filter(thread_id=idea.pk).values_list("user_id", flat=True)) - {by.pk}
    details = html_to_text(note_html)
    notify(
        recipient_ids=followers,
        text=f"The idea “{thread.title}” {STATUS_NEWS[status]}",
        details=details,
        url=thread.get_absolute_url(),
        thread=thread,
    )
    if status == IdeaStatus.DONE:
        # Followers heard it just now: they are recorded as told, and not told twice.
        tell_linked_members(idea=idea, by=by, told_already=followers, details=details, now=now)
    return change


def tell_linked_members(
    *,
    idea: Idea,
    by: User,
    thread_ids: Iterable[int] | None = None,
    told_already: frozenset[int] | set[int] = frozenset(),
    details: str = "",
    now: datetime,
) -> set[int]:
    """Tell the askers and "me too" members of the idea's linked threads (or of `thread_ids`
    only) that it is done, each once per idea ever (IdeaDoneNotice), never `by`. Those in
    `told_already` heard it another way: recorded, not notified. Returns who was notified.

    Call inside a transaction holding the idea's row lock, with the idea done."""
    linked = IdeaLink.objects.filter(idea=idea)
    if thread_ids is not None:
        linked = linked.filter(thread_id__in=list(thread_ids))
    threads = linked.values("thread_id")
    askers = Thread.objects.filter(pk__in=threads).values_list("author_id", flat=True)
    me_too = MeToo.objects.filter(thread_id__in=threads).values_list("user_id", flat=True)
    noticed = IdeaDoneNotice.objects.filter(idea=idea).values_list("user_id", flat=True)
    people = (set(askers) | set(me_too)) - set(noticed) - {by.pk}
    if not people:
        return set()
    IdeaDoneNotice.objects.bulk_create(IdeaDoneNotice(idea=idea, user_id=user_id, noticed_at=now) for user_id in people)
    told = people - told_already
    thread = idea.thread
    notify(
        recipient_ids=told,
        text=f"Done: “{thread.title}”, the idea a thread you asked or said “me too” on is linked to",
        details=details,
        url=thread.get_absolute_url(),
        thread=thread,
    )
    return told


@transaction.atomic
def link_thread(*, thread: Thread, idea: Idea, by: User, now: datetime | None = None) -> IdeaLink | None:
    """ "This is idea #N": link a support thread to an idea, in place of any idea it was linked
    to. Linked to an idea already done, its asker and "me too" members are told at once (once
    per idea, as if it had been linked before). The same link again changes nothing (None).

    Locks the support thread (one link per thread, whoever else links it) and then the idea
    (its done notices are decided one transaction at a time)."""
    now = now or timezone.now()
    Thread.objects.select_for_update().filter(pk=thread.pk).values_list("pk").get()
    idea = Idea.objects.select_for_update(of=("self",)).select_related("thread").get(pk=idea.pk)
    link = IdeaLink.objects.filter(thread=thread).first()
    if link is not None and link.idea_id == idea.pk:
        return None
    if link is None:
        link = IdeaLink.objects.create(thread=thread, idea=idea, linked_by=by, linked_at=now)
    else:
        link.idea, link.linked_by, link.linked_at = idea, by, now
        link.save(update_fields=["idea", "linked_by", "linked_at"])
    pagecache.changed("ideas", f"thread:{thread.pk}", f"thread:{idea.pk}")
    if idea.is_done:
        latest = idea.changes.order_by("-changed_at", "-pk").first()
        details = html_to_text(latest.note_html) if latest else ""
        tell_linked_members(idea=idea, by=by, thread_ids=[thread.pk], details=details, now=now)
    return link


@transaction.atomic
def unlink_thread(*, thread: Thread, by: User) -> bool:
    """Take a support thread's link to its idea away; False when it had none. Whoever was
    told the idea is done stays told."""
    Thread.objects.select_for_update().filter(pk=thread.pk).values_list("pk").get()
    ideas = list(IdeaLink.objects.filter(thread=thread).values_list("idea_id", flat=True))
    deleted, _ = IdeaLink.objects.filter(thread=thread).delete()
    if deleted:
        pagecache.changed("ideas", f"thread:{thread.pk}", *(f"thread:{pk}" for pk in ideas))
    return bool(deleted)
