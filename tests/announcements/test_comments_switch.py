"""An announcement's comments can be turned off and on (issue 27): off, nobody answers or
replies, through the page or the API, and the page says so; what was said stays."""

import pytest
from django.test import Client
from django.urls import reverse

from announcements import actions
from api import tokens
from forum.models import Post
from tests.factories import UserFactory, make_answer

pytestmark = pytest.mark.django_db

COMMENT = "Is the east region affected too? Mine dropped at nine."


def test_a_rep_turns_comments_off_and_on_and_members_are_refused_meanwhile(client, announce, rep, member):
    thread = announce()
    earlier = make_answer(thread=thread, author=UserFactory(), body="Mine is back since ten, thanks for the news.")
    client.force_login(rep)
    page = client.get(thread.get_absolute_url()).content.decode()
    assert "Turn comments off" in page

    response = client.post(reverse("announcements:comments", args=[thread.pk]), {"allowed": "0"})
    assert response.status_code == 302
    thread.refresh_from_db()
    assert thread.comments_closed

    client.force_login(member)
    page = client.get(thread.get_absolute_url()).content.decode()
    assert "Comments are off for this announcement." in page
    assert f'action="{reverse("forum:answer", args=[thread.pk])}"' not in page
    assert earlier.body in page  # what was said stays
    assert client.post(reverse("forum:answer", args=[thread.pk]), {"body": COMMENT}).status_code == 403
    assert client.post(reverse("forum:reply", args=[earlier.pk]), {"body": "Same here."}).status_code == 403
    assert not Post.objects.filter(body=COMMENT).exists()

    client.force_login(rep)
    client.post(reverse("announcements:comments", args=[thread.pk]), {"allowed": "1"})
    client.force_login(member)
    assert client.post(reverse("forum:answer", args=[thread.pk]), {"body": COMMENT}).status_code == 302
    assert Post.objects.filter(body=COMMENT).exists()


def test_an_announcement_may_be_posted_with_comments_off(client, lead, announce):
    announce()  # the "outage" tag exists
    client.force_login(lead)
    data = {
        "title": "Planned maintenance on Sunday night",
        "body": "Broadband may drop for up to ten minutes between 1 and 3 am on Sunday.",
        "tags": "outage",
        "pin_for": "1",
        "banner_clears": "4",
    }
    client.post(reverse("announcements:new"), data)  # the box unticked: a browser sends nothing
    thread = Post.objects.get(body=data["body"]).thread
    assert thread.comments_closed
    client.post(
        reverse("announcements:new"), {**data, "title": "Planned maintenance on Monday", "comments_allowed": "on"}
    )
    assert not Post.objects.filter(thread__title="Planned maintenance on Monday").get().thread.comments_closed


def test_members_and_moderators_cannot_switch_comments(client, announce, member, moderator):
    thread = announce()
    for user in (member, moderator):
        client.force_login(user)
        assert client.post(reverse("announcements:comments", args=[thread.pk]), {"allowed": "0"}).status_code == 403
    thread.refresh_from_db()
    assert not thread.comments_closed


def test_the_api_is_refused_too(announce, member):
    thread = announce()
    actions.set_comments(thread=thread, allowed=False)
    token = tokens.create_token(user=member, name="script", scope="write")[1]
    api = Client(headers={"Authorization": f"Bearer {token}"})
    response = api.post(reverse("api:answer", args=[thread.pk]), {"body": COMMENT}, content_type="application/json")
    assert response.status_code == 403
    assert "Comments are off" in response.json()["error"]["message"]
