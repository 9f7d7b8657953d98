"""The OpenAPI schema, and Swagger UI under the site's CSP: no inline script or style, every
script and stylesheet from our own origin, the initialising script at its own address."""

import re

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_schema_describes_every_endpoint_and_the_token(client):
    response = client.get(reverse("api:schema"), {"format": "json"})
    assert response.status_code == 200
    schema = response.json()
    paths = set(schema["paths"])
    assert {"/api/v1/threads/", "/api/v1/threads/{thread_id}/answers/", "/api/v1/queue/", "/api/v1/search/"} <= paths
    assert schema["components"]["securitySchemes"]["personalToken"]["scheme"] == "bearer"
    assert "post" in schema["paths"]["/api/v1/threads/"]


def test_the_docs_page_runs_under_the_csp_with_only_our_own_files(client):
    response = client.get(reverse("api:docs"))
    assert response.status_code == 200
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "style-src 'self'" in csp
    html = response.content.decode()
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "an inline script"
    assert "<style" not in html
    assert " style=" not in html
    scripts = re.findall(r'<script src="([^"]+)"', html)
    styles = re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
    assert len(scripts) == 3
    assert len(styles) == 2
    for address in scripts + styles:
        assert address.startswith("/"), address  # our origin
    static = [address for address in scripts + styles if address.startswith("/static/")]
    for address in static:
        assert finders.find(address.removeprefix("/static/")), address
    initialiser = next(address for address in scripts if not address.startswith("/static/"))
    script = client.get(initialiser)
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle" in script.content.decode()
    assert reverse("api:schema") in script.content.decode()


def test_the_schema_is_valid_openapi_with_no_warnings(tmp_path):
    from django.core.management import call_command

    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yml"))
    assert (tmp_path / "schema.yml").read_text().startswith("openapi: 3")
