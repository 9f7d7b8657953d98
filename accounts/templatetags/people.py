from django import template
from django.conf import settings
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from accounts import permissions
from accounts.erasure import FORMER_MEMBER
from accounts.models import User
from config import pagecache

register = template.Library()


@register.simple_tag
def user_link(user: User, verified: bool | None = None) -> str:
    """A person's name linked to their profile, with the verified-staff badge for reps; a
    plain "a former member" for an account deleted or deactivated (or gone).

    Lists pass `verified` from an annotation so that a page of names costs no extra queries.
    """
    # Nobody links to a member who left or was deactivated: their profile answers 404.
    if user is None or not user.is_active:
        return format_html('<span class="user-link user-link--gone">{}</span>', FORMER_MEMBER)
    if verified is None:
        verified = permissions.has_verified_badge(user)
    badge = (
        format_html(
            ' <span class="badge badge--verified" title="Verified {} staff">Staff</span>', settings.COMPANY_NAME
        )
        if verified
        else ""
    )
    return format_html('<a class="user-link" href="{}">{}</a>{}', user.get_absolute_url(), user.name, badge)


@register.filter
def has_verified_badge(user: User) -> bool:
    return permissions.has_verified_badge(user)


@register.simple_tag(takes_context=True)
def member_nav(context) -> str:
    """The header's links for the member reading (queue, notifications, their menu), rendered
    once per session and version of the member (config/pagecache.reader_names): every page
    shows them, and they change only with a role, a notification, a new name or the queue."""
    request = context["request"]

    def render() -> str:
        return render_to_string("_member_nav.html", {"user": request.user}, request=request)

    return mark_safe(
        pagecache.for_this_reader(request, "member-nav", depends_on=("site",), render=render)
    )  # our own rendering


@register.filter
def suspended_now(user) -> bool:
    """A suspended member's pages leave out what they cannot do ("Ask a question"); a kept copy
    of the page ends when the suspension does (config/pagecache.changes_at)."""
    if not user.is_authenticated or not user.is_suspended():
        return False
    pagecache.changes_at(user.suspended_until)
    return True
