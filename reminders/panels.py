"""Closing the loop's pieces of lower apps' pages (slots: forum/panels.py,
accounts/panels.py): a tag page's "Follow this tag" button, and the settings page's list of
followed tags."""

from django.core.paginator import Paginator
from django.template import Context
from taggit.models import Tag

from accounts.panels import SETTINGS_AFTER_FORM
from forum.panels import TAG_ABOVE_LIST
from reminders import querysets
from reminders.buttons import follow_button

FOLLOWED_TAGS_PER_PAGE = 50


def tag_follow(page: Context, *, tag: Tag) -> dict:
    return follow_button(page["user"], tag)


def followed_tags(page: Context) -> dict:
    user, request = page["user"], page["request"]
    tags = Paginator(querysets.followed_tags(user), FOLLOWED_TAGS_PER_PAGE).get_page(request.GET.get("tags_page"))
    return {"page": tags, "digest_on": user.weekly_digest}


def register() -> None:
    TAG_ABOVE_LIST.register("reminders.tag_follow", template="reminders/_tag_follow.html", build=tag_follow, order=10)
    SETTINGS_AFTER_FORM.register(
        "reminders.followed_tags", template="reminders/_followed_tags.html", build=followed_tags, order=10
    )
