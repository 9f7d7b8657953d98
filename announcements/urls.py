from django.urls import path

from announcements import views

app_name = "announcements"
urlpatterns = [
    path("announcements/", views.announcement_list, name="list"),
    path("announcements/new/", views.new, name="new"),
    path("announcements/<int:thread_id>/pin/", views.pin, name="pin"),
    path("announcements/<int:thread_id>/unpin/", views.unpin, name="unpin"),
    path("announcements/<int:thread_id>/comments/", views.comments, name="comments"),
    path("announcements/<int:thread_id>/banner/", views.raise_banner, name="raise_banner"),
    path("announcements/banner/<int:banner_id>/clear/", views.clear_banner, name="clear_banner"),
]
