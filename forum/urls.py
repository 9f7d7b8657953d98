from django.urls import path

from forum import views

app_name = "forum"
urlpatterns = [
    path("", views.home, name="home"),
    path("ask/", views.ask, name="ask"),
    path("ask/similar/", views.similar_threads, name="similar_threads"),
    path("preview/", views.preview, name="preview"),
    path("t/<int:thread_id>/", views.thread_short, name="thread_short"),
    path("t/<int:thread_id>/<slug:slug>/", views.thread, name="thread"),
    path("answer/<int:thread_id>/", views.answer, name="answer"),
    path("p/<int:post_id>/reply/", views.reply, name="reply"),
    path("me-too/<int:thread_id>/", views.me_too, name="me_too"),
    path("me-too/<int:thread_id>/undo/", views.not_me_too, name="not_me_too"),
    path("follow/<int:thread_id>/", views.follow, name="follow"),
    path("unfollow/<int:thread_id>/", views.unfollow, name="unfollow"),
    path("p/<int:post_id>/edit/", views.edit_post, name="edit_post"),
    path("p/<int:post_id>/revisions/", views.revisions, name="revisions"),
    path("p/<int:post_id>/revisions/<int:number>/redact/", views.redact_revision, name="redact_revision"),
    path("p/<int:post_id>/withdraw/", views.withdraw, name="withdraw"),
    path("p/<int:post_id>/restore/", views.restore_withdrawn, name="restore_withdrawn"),
    path("p/<int:post_id>/vote/", views.vote, name="vote"),
    path("p/<int:post_id>/accept/", views.accept, name="accept"),
    path("p/<int:post_id>/unaccept/", views.unaccept, name="unaccept"),
    path("p/<int:post_id>/official/", views.mark_official, name="mark_official"),
    path("p/<int:post_id>/unofficial/", views.unmark_official, name="unmark_official"),
    path("tags/", views.tags, name="tags"),
    path("tag-suggestions/", views.tag_suggestions, name="tag_suggestions"),
    path("tags/<slug:slug>/", views.tag_detail, name="tag"),
    path("search/", views.search_page, name="search"),
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/read/", views.mark_notifications_read, name="mark_notifications_read"),
    path("notifications/count/", views.notifications_count, name="notifications_count"),
    path("notifications/<int:notification_id>/open/", views.open_notification, name="open_notification"),
    path("notifications/<int:notification_id>/read/", views.mark_notification_read, name="mark_notification_read"),
    path(
        "notifications/<int:notification_id>/unread/", views.mark_notification_unread, name="mark_notification_unread"
    ),
]
