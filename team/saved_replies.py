"""Saved replies (issue 27): the leads' library of official-reply templates, per tag, which a
rep inserts into a thread's answer box and edits before posting."""

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from accounts.models import User
from config import pagecache
from forum.models import Thread
from team.models import SavedReply, TeamChange

PLACEHOLDERS = {"{asker}": "the asker's name", "{title}": "the thread's title"}


def for_thread(thread: Thread) -> QuerySet[SavedReply]:
    """The saved replies for the thread's tags, and those for every thread."""
    tag_ids = [tag.pk for tag in thread.tags.all()]
    return SavedReply.objects.filter(Q(tag=None) | Q(tag_id__in=tag_ids)).select_related("tag")


def filled_for(reply: SavedReply, thread: Thread) -> str:
    return reply.filled(asker=thread.author.name, title=thread.title)


@transaction.atomic
def save_reply(*, reply: SavedReply | None, by: User, name: str, tag, body: str) -> SavedReply:
    """Create (`reply` None) or change a saved reply; the team's log says so."""
    reply = reply or SavedReply()
    reply.name, reply.tag, reply.body = name, tag, body
    reply.updated_at, reply.updated_by = timezone.now(), by
    reply.save()
    TeamChange.objects.create(actor=by, action=TeamChange.Action.SAVE_REPLY, subject=name)
    # Every kept thread page of a rep holds the picker (config/pagecache.py); this is rare.
    pagecache.changed("site")
    return reply


@transaction.atomic
def delete_reply(*, reply: SavedReply, by: User) -> None:
    TeamChange.objects.create(actor=by, action=TeamChange.Action.DELETE_REPLY, subject=reply.name)
    reply.delete()
    pagecache.changed("site")


def library_for(request) -> list[SavedReply]:
    """Every saved reply, read once per request however many rows of a page offer them (the
    queue's rows: team/panels.py)."""
    if not hasattr(request, "_saved_replies"):
        request._saved_replies = list(SavedReply.objects.select_related("tag"))
    return request._saved_replies


def matching(replies: list[SavedReply], thread: Thread) -> list[SavedReply]:
    """Those of `replies` for the thread's tags, and those for every thread (for_thread's rule,
    over replies already read; the thread's tags prefetched)."""
    tag_ids = {tag.pk for tag in thread.tags.all()}
    return [reply for reply in replies if reply.tag_id is None or reply.tag_id in tag_ids]
