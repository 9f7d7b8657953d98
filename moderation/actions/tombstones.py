"""What moderators' decisions and members' flags share about a post: the tombstone, and
the word to its author. Call these inside the action's transaction, holding the post's lock."""

from datetime import datetime

from config import pagecache
from forum import search
from forum.models import Post
from forum.notifications import notify


def set_hidden(post: Post, *, hidden_reason: str, now: datetime, hidden_by: str = Post.HiddenBy.MODERATOR) -> None:
    """Put up the tombstone (by `hidden_by`, under the rule `hidden_reason`: what it says to
    readers, forum/permissions.py's tombstone_text), or take it down (hidden_reason "").
    Nothing is deleted; the author still reads and edits the post."""
    hidden = bool(hidden_reason)
    Post.objects.filter(pk=post.pk).update(
        is_hidden=hidden,
        hidden_by=hidden_by if hidden else "",
        hidden_reason=hidden_reason,
        hidden_at=now if hidden else None,
    )
    post.is_hidden, post.hidden_by, post.hidden_reason = hidden, hidden_by if hidden else "", hidden_reason
    search.refresh_search_vector(thread_id=post.thread_id)
    pagecache.changed("threads", "reports", f"thread:{post.thread_id}", *(("queue",) if post.is_question else ()))


def tell_author(post: Post, text: str) -> None:
    """Notify the post's author, linking to the post (the email goes out after commit)."""
    notify(recipient_ids=[post.author_id], text=text, url=post.get_absolute_url(), thread=post.thread)
