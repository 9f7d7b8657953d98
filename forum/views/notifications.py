"""A member's notifications: the list, opening one, read and unread, the count."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from forum import limits
from forum import notifications as notices
from forum.models import Notification
from forum.views.lists import paginate


@require_safe
@login_required
def notifications(request: HttpRequest) -> HttpResponse:
    page = paginate(request, Notification.objects.filter(recipient=request.user).select_related("actor"))
    return render(request, "forum/notifications.html", {"page": page})


@require_POST
@login_required
def mark_notifications_read(request: HttpRequest) -> HttpResponse:
    if limit := limits.exceeded(request, "notifications"):
        return limits.too_often(request, limit)
    notices.mark_notifications_read(user=request.user)
    return redirect(reverse("forum:notifications"))


def _own_notification(request: HttpRequest, notification_id: int) -> Notification:
    """The member's own notification; anybody else's is not found, so ids tell nothing."""
    return get_object_or_404(Notification.objects.select_related("actor"), pk=notification_id, recipient=request.user)


def _site_path(request: HttpRequest, url: str) -> str | None:
    """`url` when it is a path on this site ("/t/1/slug/#post-2"), else None: a notification
    only ever sends its reader to the site's own pages."""
    if not url.startswith("/") or url.startswith(("//", "/\\")):
        return None
    return url if url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}) else None


# GET only, not HEAD: opening marks the notification read, which a link checker's or a mail
# scanner's HEAD must not do.
@require_http_methods(["GET"])
@login_required
def open_notification(request: HttpRequest, notification_id: int) -> HttpResponse:
    """A notification's link: marks it read and goes where it points."""
    notification = _own_notification(request, notification_id)
    notices.mark_notification_read(notification=notification)
    return redirect(_site_path(request, notification.url) or reverse("forum:notifications"))


def _marked(request: HttpRequest, notification: Notification) -> HttpResponse:
    page = request.POST.get("page", "")
    page = page if page.isdigit() and len(page) < 8 else ""  # the list page it was marked on
    if request.htmx:
        # The row in place, and the header's count out of band (one query: the count).
        context = {"notification": notification, "page_number": page}
        return render(request, "forum/_notification_marked.html", context)
    query = f"?page={page}" if page else ""
    return redirect(f"{reverse('forum:notifications')}{query}#notification-{notification.pk}")


@require_POST
@login_required
def mark_notification_read(request: HttpRequest, notification_id: int) -> HttpResponse:
    notification = _own_notification(request, notification_id)
    if limit := limits.exceeded(request, "notifications"):
        return limits.too_often(request, limit)
    notices.mark_notification_read(notification=notification)
    return _marked(request, notification)


@require_POST
@login_required
def mark_notification_unread(request: HttpRequest, notification_id: int) -> HttpResponse:
    notification = _own_notification(request, notification_id)
    if limit := limits.exceeded(request, "notifications"):
        return limits.too_often(request, limit)
    notices.mark_notification_unread(notification=notification)
    return _marked(request, notification)


@never_cache
@require_safe
@login_required
def notifications_count(request: HttpRequest) -> HttpResponse:
    """htmx, every minute: the header's inbox link with the unread count, alone."""
    return render(request, "forum/_notifications_link.html")
