"""Closing the loop's parts of other apps' pages: a tag page's "Follow this tag" button, and
the settings page's list of followed tags. Those pages load these, so their views need
nothing from reminders."""

from django import template
from django.core.paginator import Paginator

from reminders import querysets
from reminders.buttons import follow_button

register = template.Library()

FOLLOWED_TAGS_PER_PAGE = 50


@register.inclusion_tag("reminders/_tag_follow.html", takes_context=True)
def tag_follow_button(context, tag) -> dict:
    return {**follow_button(context["user"], tag), "csrf_token": context.get("csrf_token")}


@register.inclusion_tag("reminders/_followed_tags.html", takes_context=True)
def followed_tags(context) -> dict:
    user, request = context["user"], context["request"]
    page = Paginator(querysets.followed_tags(user), FOLLOWED_TAGS_PER_PAGE).get_page(request.GET.get("tags_page"))
    return {
        "page": page,
        "digest_on": user.weekly_digest,
        "csrf_token": context.get("csrf_token"),
    }
