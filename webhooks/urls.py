from django.urls import path

from webhooks import views

app_name = "webhooks"
urlpatterns = [
    path("team/webhooks/", views.subscription_list, name="list"),
    path("team/webhooks/new/", views.create, name="create"),
    path("team/webhooks/<int:subscription_id>/", views.detail, name="detail"),
    path("team/webhooks/<int:subscription_id>/secret/", views.rotate_secret, name="rotate_secret"),
    path("team/webhooks/<int:subscription_id>/test/", views.send_test, name="send_test"),
    path("team/webhooks/<int:subscription_id>/disable/", views.disable, name="disable"),
    path("team/webhooks/<int:subscription_id>/enable/", views.enable, name="enable"),
    path("team/webhooks/<int:subscription_id>/delete/", views.delete, name="delete"),
]
