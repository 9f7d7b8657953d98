from django import template

from moderation.forms import SuspendForm, input_limits

register = template.Library()


@register.filter
def lookup(mapping: dict, key):
    return mapping.get(key)


@register.simple_tag
def accuracy_text(accuracy: dict, user_id: int) -> str:
    """ "7 of 9 upheld" for a flagger, or "no decided flags yet"."""
    upheld, decided = accuracy.get(user_id, (0, 0))
    return f"{upheld} of {decided} upheld" if decided else "no decided flags yet"


@register.inclusion_tag("moderation/_post_tools.html", takes_context=True)
def post_moderation(context, post) -> dict:
    """A post's flag link, its author's review request, and moderators' decisions."""
    from moderation import permissions
    from moderation.forms import HideForm

    user = context["user"]
    is_moderator = permissions.can_moderate(user)
    return {
        "post": post,
        "can_flag": permissions.can_flag(user, post),
        "can_request_review": permissions.can_request_review(user, post),
        "is_moderator": is_moderator,
        "hide_rules": HideForm.base_fields["rule"].choices if is_moderator else (),
        "limits": input_limits(),
        "csrf_token": context.get("csrf_token"),
        "next": "",
    }


@register.inclusion_tag("moderation/_thread_tools.html", takes_context=True)
def thread_moderation(context, thread) -> dict:
    from moderation import permissions

    return {
        "thread": thread,
        "limits": input_limits(),
        "is_moderator": permissions.can_moderate(context["user"]),
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("moderation/_member_tools.html", takes_context=True)
def member_moderation(context, member, deletion: bool = False) -> dict:
    """A member's moderation tools: suspend or lift; with `deletion` (their profile, not each
    row of the reports queue, where it would cost queries per row) deleting the account."""
    from accounts import permissions as account_permissions
    from forum import permissions as forum_permissions
    from moderation import permissions

    user = context["user"]
    refusal = forum_permissions.refusal(permissions.check_can_suspend, user, member)
    can_suspend, can_moderate = not refusal, permissions.can_moderate(user)
    return {
        "member": member,
        "user": user,
        "limits": input_limits(),
        "suspension_lengths": SuspendForm.base_fields["days"].choices,
        "can_suspend": can_suspend,
        # A moderator looking at a rep, a lead or another moderator is told who may.
        "suspend_refusal": refusal if refusal == permissions.STAFF_SUSPENSION and can_moderate else "",
        "can_delete": deletion and member.pk != user.pk and account_permissions.can_delete_account(user, member),
        "sees_suspension": member.is_suspended() and (user.pk == member.pk or can_moderate or can_suspend),
        "csrf_token": context.get("csrf_token"),
    }


@register.filter
def can_moderate(user) -> bool:
    from moderation import permissions

    return permissions.can_moderate(user)
