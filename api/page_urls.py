"""The token pages, under the member's settings (config/urls.py includes them at the root)."""

from django.urls import path

from api.views import pages

app_name = "api_tokens"
urlpatterns = [
    path("settings/api-tokens/", pages.token_list, name="list"),
    path("settings/api-tokens/revoke/", pages.revoke, name="revoke"),
]
