from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

from config import views

# The admin's own login form has no rate limit: send it to allauth's login, whose limits
# (per address and per account) and email verification apply to staff as to everyone.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("", include("accounts.urls")),
    path("", include("forum.urls")),
    path("", include("responses.urls")),
    path("", include("moderation.urls")),
    path("", include("team.urls")),
    path("", include("cases.urls")),
    path("", include("announcements.urls")),
    path("", include("ideas.urls")),
    path("", include("reminders.urls")),
    path("api/v1/", include("api.urls")),
    path("", include("api.page_urls")),
    path("", include("webhooks.urls")),
]

# Under /api/ Django's own 404 and 500 answer JSON too; elsewhere the site's pages.
handler404 = "config.errors.page_not_found"
handler500 = "config.errors.server_error"
