import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_an_unknown_page_is_a_404_in_the_site_layout(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "We could not find that page" in html
    assert 'class="site-header"' in html


def test_a_stale_form_is_a_403_in_the_site_layout(member):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    response = client.post("/notifications/read/")
    assert response.status_code == 403
    assert "This form has expired" in response.content.decode()


@pytest.mark.parametrize("status", [400, 403, 404, 500])
def test_every_error_template_renders_in_the_layout_without_a_request(status):
    from django.template.loader import render_to_string

    html = render_to_string(f"{status}.html")
    assert 'class="site-header"' in html
    assert "<h1>" in html
