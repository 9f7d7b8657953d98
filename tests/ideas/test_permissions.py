"""Who may use each ideas URL: the list is public, posting is for members who may ask,
statuses and links are for reps and leads; everyone else is refused with a reason."""

import pytest
from django.urls import reverse

from ideas.models import Idea, IdeaLink, IdeaStatusChange
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ROLES = {"member": [], "rep": ["Reps"], "lead": ["Leads"], "moderator": ["Moderators"]}
COMPANY = {"rep", "lead"}

NEW_IDEA = {
    "title": "Schedule the guest network by the hour",
    "body": "I would like the guest Wi-Fi to switch off at night without me doing it.",
    "tags": "wifi",
}
STATUS = {"status": "planned", "note": "We are building this for the spring release."}


def login(client, role: str):
    user = UserFactory(groups=ROLES[role])
    client.force_login(user)
    return user


def test_a_visitor_reads_the_ideas_list(client, idea):
    response = client.get(reverse("ideas:list"))
    assert response.status_code == 200
    assert idea.thread.title in response.content.decode()


@pytest.mark.parametrize("role", list(ROLES))
def test_everyone_reads_the_ideas_list(client, idea, role):
    login(client, role)
    assert client.get(reverse("ideas:list")).status_code == 200


@pytest.mark.parametrize(
    ("method", "name"),
    [
        ("get", "new"),
        ("post", "new"),
        ("get", "set_status"),
        ("post", "set_status"),
        ("get", "link"),
        ("post", "link"),
        ("post", "unlink"),
    ],
)
def test_a_visitor_is_sent_to_log_in_by_every_writing_url(client, idea, support_thread, method, name):
    args = {"new": [], "set_status": [idea.pk], "link": [support_thread.pk], "unlink": [support_thread.pk]}[name]
    response = getattr(client, method)(reverse(f"ideas:{name}", args=args))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.fixture
def wifi(db):
    from taggit.models import Tag

    return Tag.objects.create(name="wifi", slug="wifi")


@pytest.mark.parametrize("role", list(ROLES))
def test_every_member_who_may_ask_posts_an_idea(client, wifi, role):
    login(client, role)
    assert client.get(reverse("ideas:new")).status_code == 200
    response = client.post(reverse("ideas:new"), NEW_IDEA)
    thread = Idea.objects.get().thread
    assert response.status_code == 302
    assert response["Location"] == thread.get_absolute_url()


def test_a_suspended_member_cannot_post_an_idea(client, wifi):
    from datetime import timedelta

    from django.utils import timezone

    member = login(client, "member")
    member.suspended_until, member.suspension_reason = timezone.now() + timedelta(days=1), "spam"
    member.save(update_fields=["suspended_until", "suspension_reason"])
    response = client.post(reverse("ideas:new"), NEW_IDEA)
    assert response.status_code == 403
    assert "suspended" in response.content.decode()
    assert not Idea.objects.exists()


@pytest.mark.parametrize("role", list(ROLES))
def test_only_reps_and_leads_set_an_idea_s_status(client, idea, role):
    login(client, role)
    page = client.get(reverse("ideas:set_status", args=[idea.pk]))
    response = client.post(reverse("ideas:set_status", args=[idea.pk]), STATUS)
    idea.refresh_from_db()
    if role in COMPANY:
        assert (page.status_code, response.status_code, idea.status) == (200, 302, "planned")
    else:
        assert (page.status_code, response.status_code, idea.status) == (403, 403, "open")
        assert "Only company representatives" in response.content.decode()
        assert not IdeaStatusChange.objects.exists()


@pytest.mark.parametrize("role", list(ROLES))
def test_only_reps_and_leads_link_a_thread_to_an_idea_and_unlink_it(client, idea, support_thread, role):
    login(client, role)
    page = client.get(reverse("ideas:link", args=[support_thread.pk]))
    linked = client.post(reverse("ideas:link", args=[support_thread.pk]), {"idea": str(idea.pk)})
    exists_after_link = IdeaLink.objects.filter(thread=support_thread, idea=idea).exists()
    unlinked = client.post(reverse("ideas:unlink", args=[support_thread.pk]))
    if role in COMPANY:
        assert (page.status_code, linked.status_code, unlinked.status_code) == (200, 302, 302)
        assert exists_after_link
        assert not IdeaLink.objects.exists()
    else:
        assert (page.status_code, linked.status_code, unlinked.status_code) == (403, 403, 403)
        assert not exists_after_link


def test_a_status_for_a_thread_that_is_no_idea_is_not_found(client, support_thread):
    login(client, "rep")
    assert client.post(reverse("ideas:set_status", args=[support_thread.pk]), STATUS).status_code == 404
    assert client.get(reverse("ideas:set_status", args=[987654])).status_code == 404


def test_an_idea_is_never_linked_to_another_idea(client, make_idea):
    login(client, "rep")
    first, second = make_idea(), make_idea(title="Show the data used this month on the home screen")
    response = client.post(reverse("ideas:link", args=[second.pk]), {"idea": str(first.pk)})
    assert response.status_code == 403
    assert "Only questions are linked to ideas" in response.content.decode()
    assert not IdeaLink.objects.exists()


def test_linking_a_thread_that_does_not_exist_is_not_found(client, idea):
    login(client, "rep")
    assert client.post(reverse("ideas:link", args=[987654]), {"idea": str(idea.pk)}).status_code == 404
    assert client.post(reverse("ideas:unlink", args=[987654])).status_code == 404


def test_a_withdrawn_idea_takes_no_status(client, idea):
    from forum import actions as forum_actions

    forum_actions.withdraw_post(post=idea.thread.posts.get(is_question=True), by=idea.thread.author)
    login(client, "rep")
    response = client.post(reverse("ideas:set_status", args=[idea.pk]), STATUS)
    assert response.status_code == 403
    assert "withdrew" in response.content.decode()


@pytest.mark.parametrize(
    ("method", "name"), [("put", "new"), ("delete", "set_status"), ("patch", "link"), ("get", "unlink")]
)
def test_ideas_pages_refuse_methods_they_do_not_handle(client, idea, support_thread, method, name):
    login(client, "lead")
    args = {"new": [], "set_status": [idea.pk], "link": [support_thread.pk], "unlink": [support_thread.pk]}[name]
    assert getattr(client, method)(reverse(f"ideas:{name}", args=args)).status_code == 405


def test_the_ideas_list_refuses_a_post(client):
    assert client.post(reverse("ideas:list")).status_code == 405
    assert client.head(reverse("ideas:list")).status_code == 200
