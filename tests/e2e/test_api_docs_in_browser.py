"""Swagger UI at /api/v1/docs in Chromium, under the site's real CSP: it renders the
API's operations and the browser reports no script error or CSP violation."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_swagger_ui_renders_the_api_under_the_csp(page):
    page.goto("/api/v1/docs")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Helpcircle API")
    expect(page.locator(".opblock-summary-path", has_text="/api/v1/threads/").first).to_be_visible()
    assert page.locator(".opblock").count() > 10
    assert page.script_errors == []
