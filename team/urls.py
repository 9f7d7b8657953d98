from django.urls import path

from team import priority_views, saved_reply_views, staff_note_views, views

app_name = "team"
urlpatterns = [
    path("team/", views.overview, name="overview"),
    path("team/lags/default/", views.default_lag_view, name="default_lag"),
    path("team/lags/", views.tag_lag, name="tag_lag"),
    path("team/second-look/", views.second_look_view, name="second_look"),
    path("team/priority/", priority_views.queue_weights, name="queue_weights"),
    path("team/lags/<int:tag_id>/remove/", views.remove_tag_lag, name="remove_tag_lag"),
    path("team/tags/", views.tags, name="tags"),
    path("team/tags/new/", views.create_tag, name="create_tag"),
    path("team/tags/<int:tag_id>/", views.tag, name="tag"),
    path("team/tags/<int:tag_id>/rename/", views.rename_tag, name="rename_tag"),
    path("team/tags/<int:tag_id>/describe/", views.describe_tag, name="describe_tag"),
    path("team/tags/<int:tag_id>/merge/", views.merge_tag, name="merge_tag"),
    path("team/people/", views.people, name="people"),
    path("team/people/grant/", views.grant_role, name="grant_role"),
    path("team/people/<int:user_id>/revoke/", views.revoke_role, name="revoke_role"),
    path("team/log/", views.log, name="log"),
    path("team/t/<int:thread_id>/notes/", staff_note_views.add, name="add_staff_note"),
    path("team/replies/", saved_reply_views.library, name="saved_replies"),
    path("team/replies/<int:reply_id>/", saved_reply_views.edit, name="edit_saved_reply"),
    path("team/replies/<int:reply_id>/delete/", saved_reply_views.delete, name="delete_saved_reply"),
    path("team/t/<int:thread_id>/saved-reply/", saved_reply_views.use, name="use_saved_reply"),
]
