"""The forum's pages, one module per concern. Each view fetches, checks, calls one action,
then redirects or renders; no rules live here (they are in permissions.py and actions/)."""

from forum.views.lists import home, tag_detail, tag_suggestions, tags
from forum.views.notifications import (
    mark_notification_read,
    mark_notification_unread,
    mark_notifications_read,
    notifications,
    notifications_count,
    open_notification,
)
from forum.views.posts import edit_post, redact_revision, restore_withdrawn, revisions, withdraw
from forum.views.reactions import accept, follow, me_too, not_me_too, unaccept, unfollow, vote
from forum.views.search import search_page
from forum.views.thread import render_thread, thread, thread_short
from forum.views.writing import answer, ask, mark_official, preview, reply, similar_threads, unmark_official

__all__ = [
    "accept",
    "answer",
    "ask",
    "edit_post",
    "follow",
    "home",
    "mark_notification_read",
    "mark_notification_unread",
    "mark_notifications_read",
    "mark_official",
    "me_too",
    "not_me_too",
    "notifications",
    "notifications_count",
    "open_notification",
    "preview",
    "redact_revision",
    "render_thread",
    "reply",
    "restore_withdrawn",
    "revisions",
    "search_page",
    "similar_threads",
    "tag_detail",
    "tag_suggestions",
    "tags",
    "thread",
    "thread_short",
    "unaccept",
    "unfollow",
    "unmark_official",
    "vote",
    "withdraw",
]
