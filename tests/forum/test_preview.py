"""The Markdown preview makes the server work for every pause in typing (issue 24: four
anonymous loops of it took the home page from 5 ms to 1,690 ms): members only, limited, and
as long as a post may be."""

import pytest
from django.urls import reverse

from config.limits import conf as limits_conf
from forum.forms import BODY_MAX

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


@pytest.fixture
def tight_preview(settings):
    settings.ACTION_RATE_LIMITS = {**limits_conf.ACTION_RATE_LIMITS, "preview": {"member": "3/m", "new": "2/m"}}


def preview(client, body: str = "**Hold** the reset button.", headers=HTMX):
    return client.post(reverse("forum:preview"), {"body": body}, headers=headers)


def test_a_visitor_is_not_rendered_a_preview(client):
    refused = preview(client)
    assert refused.status_code == 401  # htmx: log in again
    assert "<strong>" not in refused.content.decode()
    assert preview(client, headers={}).status_code == 302  # a plain POST goes to the login page


def test_a_member_sees_the_preview(client, member):
    client.force_login(member)
    response = preview(client)
    assert response.status_code == 200
    assert "<strong>Hold</strong>" in response.content.decode()


def test_previewing_past_the_limit_answers_429_with_the_reason_and_nothing_rendered(client, member, tight_preview):
    client.force_login(member)  # reputation 1: the new members' limit
    assert [preview(client).status_code for _ in range(2)] == [200, 200]
    refused = preview(client)
    assert refused.status_code == 429
    assert refused["Content-Type"].startswith("text/plain")
    assert refused.content.decode() == (
        "You can preview at most 2 times per minute. Please wait a little; nothing you typed is lost."
    )


def test_a_preview_longer_than_a_post_may_be_is_refused_with_the_numbers(client, member):
    client.force_login(member)
    refused = preview(client, "a" * (BODY_MAX + 1))
    assert refused.status_code == 400
    assert refused.content.decode() == (
        f"Too long to preview: a post holds at most {BODY_MAX:,} characters (you have {BODY_MAX + 1:,})."
    )
    assert preview(client, "a" * BODY_MAX).status_code == 200


ANGRY_DRAFT = "This is ridiculous. You are wrong and your complaint is stupid. Stop wasting our time, it is awful."
CALM_DRAFT = "Sorry about the trouble. We found the fault at the cabinet; an engineer fixes it today."


def test_a_rep_sees_how_an_angry_draft_reads_before_it_goes_out(client, rep, member):
    """Issue 27: never reply in anger. The heat of the rep's own draft, in the preview."""
    client.force_login(rep)
    angry = preview(client, ANGRY_DRAFT).content.decode()
    assert 'data-testid="draft-heat">This reads as angry' in angry
    assert 'data-testid="draft-heat"' not in preview(client, CALM_DRAFT).content.decode()
    client.force_login(member)  # a member's words are their own: no tone check
    assert 'data-testid="draft-heat"' not in preview(client, ANGRY_DRAFT).content.decode()
