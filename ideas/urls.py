from django.urls import path

from ideas import views

app_name = "ideas"
urlpatterns = [
    path("ideas/", views.idea_list, name="list"),
    path("ideas/new/", views.new_idea, name="new"),
    path("ideas/<int:thread_id>/status/", views.set_status, name="set_status"),
    path("ideas/link/<int:thread_id>/", views.link, name="link"),
    path("ideas/link/<int:thread_id>/remove/", views.unlink, name="unlink"),
]
