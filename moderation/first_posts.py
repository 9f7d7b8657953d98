"""New members' posts for a moderator's first look (spam usually arrives this way). Called for
every new post, inside the transaction that writes it (forum/moderation_port.py, installed in
apps.py):

- a new member's answer with a watched word or link domain in it (WatchedWord, kept by the
  moderators at /moderation/watched/) is held: hidden ("waiting for a moderator's first look")
  until a moderator has looked, and its author is told it is waiting;
- any member's first post with links is shown at once, marked "New member", and queued.

Questions are never held: a held question would leave its thread's title in the lists. A
question with a watched word is queued for a look like a first post with links."""

import re
from urllib.parse import urlsplit

from django.db.models import Exists, OuterRef

from config import pagecache
from config.limits import conf as limits_conf
from forum.models import Post
from moderation.actions.tombstones import set_hidden, tell_author
from moderation.models import FirstLook, WatchedWord

_HREF = re.compile(r'href="([^"]+)"')


def watched_in(post: Post) -> list[str]:
    """The watched words and link domains the post contains (case aside, whole words)."""
    found = []
    hosts = {(urlsplit(href).hostname or "").lower() for href in _HREF.findall(post.body_html)}
    text = f"{post.thread.title}\n{post.body_text}" if post.is_question else post.body_text
    for watched in WatchedWord.objects.all():
        word = watched.text.lower()
        if watched.is_domain:
            if any(host == word or host.endswith("." + word) for host in hosts) or word in text.lower():
                found.append(watched.text)
        elif re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text, re.IGNORECASE):
            found.append(watched.text)
    return found


def is_new_member(post: Post) -> bool:
    return post.author.reputation < limits_conf.NEW_MEMBER_REPUTATION


def screen_new_post(post: Post) -> bool:
    """Hold or queue the post for a first look when the rules say so. Returns True when queued."""
    watched = watched_in(post) if is_new_member(post) else []
    if watched:
        held = not post.is_question
        FirstLook.objects.create(post=post, created_at=post.created_at, held=held, watched=", ".join(watched)[:200])
        if held:
            set_hidden(post, hidden_reason="first look", hidden_by=Post.HiddenBy.FIRST_LOOK, now=post.created_at)
            tell_author(
                post,
                f"Your answer on “{post.thread.title}” is waiting for a moderator's first look; it is public once "
                "they have looked",
            )
        pagecache.changed("reports")
        return True
    return queue_first_post_with_links(post)


def queue_first_post_with_links(post: Post) -> bool:
    """Returns True when the post was queued for a first look."""
    has_links = "<a " in post.body_html
    if not has_links or Post.objects.filter(author_id=post.author_id).exclude(pk=post.pk).exists():
        return False
    FirstLook.objects.create(post=post, created_at=post.created_at)
    pagecache.changed("reports")  # the moderators' header count
    return True


def awaiting_first_look() -> Exists:
    """On a Post queryset: the post waits for a moderator's first look (its "New member" mark)."""
    return Exists(FirstLook.objects.filter(post=OuterRef("pk"), looked_at=None))
