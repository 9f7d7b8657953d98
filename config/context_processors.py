from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict:
    """What the base layout needs on every page."""
    return {"site_name": settings.SITE_NAME, "company_name": settings.COMPANY_NAME}
