"""Who may do what with announcements, on every URL: visitors read and are sent to log in,
members and moderators read and are refused with a reason, reps and leads post, pin and raise."""

from datetime import timedelta

import pytest
from django.utils import timezone
from taggit.models import Tag

from announcements.models import IncidentBanner, Pin
from forum.models import Thread
from tests.factories import UserFactory, make_thread

pytestmark = pytest.mark.django_db

ROLES = ["visitor", "member", "moderator", "rep", "lead"]
ALLOWED = {"rep", "lead"}
REFUSAL = "Announcements and incident banners are posted by"


@pytest.fixture(autouse=True)
def router_app_tag(db):
    # An existing tag: making a new one needs reputation, for reps as for anyone asking.
    Tag.objects.create(name="router-app", slug="router-app")


@pytest.fixture
def as_role(client, member, moderator, rep, lead):
    def log_in(role: str):
        people = {"member": member, "moderator": moderator, "rep": rep, "lead": lead}
        if role in people:
            client.force_login(people[role])
        return client

    return log_in


def assert_outcome(response, role: str, *, allowed_status: int) -> None:
    if role == "visitor":
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
    elif role in ALLOWED:
        assert response.status_code == allowed_status
    else:
        assert response.status_code == 403
        assert REFUSAL in response.content.decode()


NEW = {
    "title": "Planned maintenance on Sunday night",
    "body": "The router app cannot change settings between 01:00 and 03:00 while we upgrade.",
    "tags": "router-app",
    "pin_for": "3",
    "banner_text": "",
    "banner_clears": "4",
}


@pytest.mark.parametrize("role", ROLES)
def test_everyone_reads_the_list_of_announcements(as_role, announce, role):
    announce(title="Broadband outage in the north region")
    response = as_role(role).get("/announcements/")
    assert response.status_code == 200
    assert "Broadband outage in the north region" in response.content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_only_reps_and_leads_see_the_link_to_post_an_announcement(as_role, role):
    client = as_role(role)
    for url in ["/announcements/", "/"]:
        assert ('href="/announcements/new/"' in client.get(url).content.decode()) == (role in ALLOWED), url


@pytest.mark.parametrize("role", ROLES)
def test_only_reps_and_leads_open_the_announcement_form(as_role, role):
    assert_outcome(as_role(role).get("/announcements/new/"), role, allowed_status=200)


@pytest.mark.parametrize("role", ROLES)
def test_only_reps_and_leads_post_an_announcement(as_role, role):
    response = as_role(role).post("/announcements/new/", NEW)
    assert_outcome(response, role, allowed_status=302)
    posted = Thread.objects.filter(kind=Thread.Kind.ANNOUNCEMENT)
    assert posted.count() == (1 if role in ALLOWED else 0)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("url", ["/announcements/{id}/pin/", "/announcements/{id}/banner/"])
def test_only_reps_and_leads_open_the_pin_and_banner_pages(as_role, announce, role, url):
    thread = announce()
    assert_outcome(as_role(role).get(url.format(id=thread.pk)), role, allowed_status=200)


@pytest.mark.parametrize("role", ROLES)
def test_only_reps_and_leads_pin(as_role, announce, role):
    thread = announce()
    response = as_role(role).post(f"/announcements/{thread.pk}/pin/", {"pin_for": "1"})
    assert_outcome(response, role, allowed_status=302)
    assert Pin.objects.live(timezone.now()).filter(thread=thread).exists() == (role in ALLOWED)


@pytest.mark.parametrize("role", ROLES)
def test_only_reps_and_leads_unpin(as_role, announce, role):
    thread = announce(pinned_for=timedelta(days=1))
    response = as_role(role).post(f"/announcements/{thread.pk}/unpin/")
    assert_outcome(response, role, allowed_status=302)
    assert Pin.objects.live(timezone.now()).filter(thread=thread).exists() == (role not in ALLOWED)


@pytest.mark.parametrize("role", ROLES)
def test_only_reps_and_leads_raise_the_banner(as_role, announce, role):
    thread = announce()
    response = as_role(role).post(
        f"/announcements/{thread.pk}/banner/", {"banner_text": "Hubs are down", "banner_clears": "4"}
    )
    assert_outcome(response, role, allowed_status=302)
    assert IncidentBanner.objects.showing(timezone.now()).exists() == (role in ALLOWED)


@pytest.mark.parametrize("role", ROLES)
def test_only_reps_and_leads_clear_the_banner(as_role, announce, role):
    thread = announce(banner="Hubs are down")
    banner = IncidentBanner.objects.get(thread=thread)
    response = as_role(role).post(f"/announcements/banner/{banner.pk}/clear/")
    assert_outcome(response, role, allowed_status=302)
    assert IncidentBanner.objects.showing(timezone.now()).exists() == (role not in ALLOWED)


@pytest.mark.parametrize("role", ROLES)
def test_only_reps_and_leads_see_the_pin_and_banner_controls_on_an_announcement(as_role, announce, role):
    thread = announce()
    html = as_role(role).get(thread.get_absolute_url()).content.decode()
    assert ('data-testid="announcement-controls"' in html) == (role in ALLOWED)
    assert ('data-testid="announcement-note"' in html) == (role not in ALLOWED)


def test_a_question_has_no_pin_or_banner_controls(rep_client):
    question = make_thread(author=UserFactory())
    html = rep_client.get(question.get_absolute_url()).content.decode()
    assert 'data-testid="announcement-controls"' not in html
    assert 'data-testid="announcement-note"' not in html


@pytest.mark.parametrize("url", ["/announcements/{id}/pin/", "/announcements/{id}/banner/"])
def test_a_question_cannot_be_pinned_or_linked_from_the_banner(rep_client, url):
    question = make_thread(author=UserFactory())
    data = {"pin_for": "1", "banner_text": "Down", "banner_clears": "1"}
    response = rep_client.post(url.format(id=question.pk), data)
    assert response.status_code == 403
    assert "Only announcements are pinned" in response.content.decode()
    assert not Pin.objects.exists()
    assert not IncidentBanner.objects.exists()


@pytest.mark.parametrize(
    "url", ["/announcements/999999/pin/", "/announcements/999999/banner/", "/announcements/banner/999999/clear/"]
)
def test_a_missing_announcement_or_banner_is_not_found(rep_client, url):
    assert rep_client.post(url, {"pin_for": "1"}).status_code == 404


def test_a_suspended_rep_posts_nothing(client, rep):
    rep.suspended_until = timezone.now() + timedelta(days=1)
    rep.suspension_reason = "testing"
    rep.save()
    client.force_login(rep)
    response = client.post("/announcements/new/", NEW)
    assert response.status_code == 403
    assert not Thread.objects.exists()


@pytest.mark.parametrize("url", ["/announcements/{id}/unpin/", "/announcements/banner/{banner}/clear/"])
def test_unpinning_and_clearing_take_a_post_only(rep_client, announce, url):
    thread = announce(pinned_for=timedelta(days=1), banner="Hubs are down")
    address = url.format(id=thread.pk, banner=IncidentBanner.objects.get().pk)
    assert rep_client.get(address).status_code == 405


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
@pytest.mark.parametrize("url", ["/announcements/new/", "/announcements/{id}/pin/", "/announcements/{id}/banner/"])
def test_form_pages_refuse_methods_they_do_not_handle(rep_client, announce, method, url):
    thread = announce()
    assert getattr(rep_client, method)(url.format(id=thread.pk)).status_code == 405
