from django.urls import path

from moderation import log_views, queue_views, views

app_name = "moderation"
urlpatterns = [
    path("moderation/", queue_views.reports, name="reports"),
    path("moderation/decide/", queue_views.decide_many, name="decide_many"),
    path("moderation/log/", log_views.log, name="log"),
    path("moderation/watched/", log_views.watched_words, name="watched_words"),
    path("moderation/watched/<int:word_id>/remove/", log_views.unwatch, name="unwatch"),
    path("moderation/log/<int:entry_id>/undo/", log_views.undo, name="undo"),
    path("moderation/flags/", views.my_flags, name="my_flags"),
    path("moderation/p/<int:post_id>/flag/", views.flag, name="flag"),
    path("moderation/p/<int:post_id>/review/", views.request_review, name="request_review"),
    path("moderation/p/<int:post_id>/claim/", views.claim_report, name="claim_report"),
    path("moderation/p/<int:post_id>/release/", views.release_report, name="release_report"),
    path("moderation/p/<int:post_id>/decide/", queue_views.decide, name="decide"),
    path("moderation/t/<int:thread_id>/lock/", views.lock, name="lock"),
    path("moderation/t/<int:thread_id>/unlock/", views.unlock, name="unlock"),
    path("moderation/t/<int:thread_id>/duplicate/", views.close_as_duplicate, name="close_as_duplicate"),
    path("moderation/t/<int:thread_id>/duplicate/find/", views.find_duplicate, name="find_duplicate"),
    path("moderation/u/<str:username>/suspend/", views.suspend, name="suspend"),
    path("moderation/u/<str:username>/lift-suspension/", views.lift_suspension, name="lift_suspension"),
    path("moderation/u/<str:username>/delete/", views.delete_member, name="delete_member"),
    path("moderation/voting/<int:record_id>/reverse/", views.reverse_votes, name="reverse_votes"),
    path("moderation/voting/<int:record_id>/clear/", views.clear_votes, name="clear_votes"),
]
