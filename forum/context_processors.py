from django.http import HttpRequest

from config import pagecache
from forum.models import Notification


def notifications(request: HttpRequest) -> dict:
    """The unread count in the header, fetched only when a template asks for it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    def unread_count() -> int:
        # Kept per version of the member: a new notification or a read one bumps it.
        count = Notification.objects.filter(recipient=user, read_at=None).count
        return pagecache.fragment("unread-count", user.pk, depends_on=(f"member:{user.pk}",), render=count)

    return {"unread_notifications": unread_count}
