"""New members' first posts with links: shown at once, marked as new, and queued for a
moderator's look (spam usually arrives this way). Called for every new post, inside the
transaction that writes it (forum/moderation_port.py, installed in apps.py)."""

from django.db.models import Exists, OuterRef

from config import pagecache
from forum.models import Post
from moderation.models import FirstLook


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
