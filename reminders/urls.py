from django.urls import path

from reminders import views

app_name = "reminders"
urlpatterns = [
    path("tags/<slug:slug>/follow/", views.follow_tag, name="follow_tag"),
    path("tags/<slug:slug>/unfollow/", views.unfollow_tag, name="unfollow_tag"),
]
