from django.urls import path

from responses import second_look_views, views

app_name = "responses"
urlpatterns = [
    path("official/", views.official_queue, name="official_queue"),
    path("official/tags/", views.my_tags, name="my_tags"),
    path("official/<int:thread_id>/claim/", views.claim, name="claim"),
    path("official/<int:thread_id>/assign/", views.assign, name="assign"),
    path("official/<int:thread_id>/release/", views.release, name="release"),
    path("official/<int:thread_id>/dismiss/", views.dismiss, name="dismiss"),
    path("official/<int:thread_id>/reply/", views.reply, name="reply"),
    path("official/<int:thread_id>/undismiss/", views.undismiss, name="undismiss"),
    path("official/<int:thread_id>/done/", views.mark_done, name="mark_done"),
    path("official/<int:thread_id>/done/undo/", views.undo_done, name="undo_done"),
    path("official/second-look/", second_look_views.held_replies, name="held_replies"),
    path("official/second-look/<int:held_id>/", second_look_views.held_reply, name="held_reply"),
    path("official/second-look/<int:held_id>/approve/", second_look_views.approve, name="approve_held_reply"),
    path("official/second-look/<int:held_id>/return/", second_look_views.send_back, name="return_held_reply"),
    path("official/second-look/<int:held_id>/revise/", second_look_views.revise, name="revise_held_reply"),
    path("request-official/<int:thread_id>/", views.request_official, name="request_official"),
    path("dashboard/", views.dashboard, name="dashboard"),
]
