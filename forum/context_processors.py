from django.http import HttpRequest

from forum.models import Notification


def notifications(request: HttpRequest) -> dict:
    """The unread count in the header, fetched only when a template asks for it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    def unread_count() -> int:
        return Notification.objects.filter(recipient=user, read_at=None).count()

    return {"unread_notifications": unread_count}
