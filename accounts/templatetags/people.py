from django import template
from django.utils.html import format_html

from accounts import permissions
from accounts.models import User

register = template.Library()


@register.simple_tag
def user_link(user: User, staff: bool | None = None) -> str:
    """A person's name linked to their profile, with the verified-staff badge for reps.

    Lists pass `staff` from an annotation so that a page of names costs no extra queries.
    """
    if user is None:
        return format_html('<span class="user-link user-link--gone">{}</span>', "deleted user")
    if staff is None:
        staff = permissions.is_verified_staff(user)
    badge = (
        format_html(' <span class="badge badge--staff" title="Verified {} staff">Staff</span>', "Helpcircle")
        if staff
        else ""
    )
    return format_html('<a class="user-link" href="{}">{}</a>{}', user.get_absolute_url(), user.name, badge)


@register.filter
def verified_staff(user: User) -> bool:
    return permissions.is_verified_staff(user)
