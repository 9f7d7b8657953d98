from django.urls import path

from accounts import views

app_name = "accounts"
urlpatterns = [
    path("u/<str:username>/", views.profile, name="profile"),
    path("settings/", views.account_settings, name="settings"),
    path("settings/delete/", views.delete_account, name="delete_account"),
]
