"""The API's official replies meet the same second look as the pages (responses/second_look.py)."""

import pytest
from django.urls import reverse

from forum.models import Post
from responses import second_look
from responses.models import HeldReply
from tests.factories import UserFactory, make_thread

pytestmark = pytest.mark.django_db

FURIOUS = "Terrible, awful, useless. I hate this and I am so angry. This is a disgrace and a scam!"
REPLY = "I am sorry about this. We found the fault at your cabinet and an engineer is on the way today."


@pytest.mark.parametrize("door", ["official_reply", "answer"])
def test_a_reps_official_reply_on_a_hot_thread_is_held_with_a_202(door, rep, make_token, bearer):
    second_look.set_policy("required")
    hot = make_thread(author=UserFactory(), title="This is the worst service, I am furious", body=FURIOUS)
    api = bearer(make_token(rep))
    body = {"body": REPLY, "official": True} if door == "answer" else {"body": REPLY}
    response = api.post(reverse(f"api:{door}", args=[hot.pk]), body, content_type="application/json")
    assert response.status_code == 202, response.content
    held = HeldReply.objects.get()
    assert response.json() == {
        "held_for_review": True,
        "url": held.get_absolute_url(),
        "message": second_look.HELD_MESSAGE,
    }
    assert not Post.objects.answers().filter(thread=hot).exists()


def test_suggested_holds_only_when_asked(rep, make_token, bearer):
    second_look.set_policy("suggested")
    hot = make_thread(author=UserFactory(), title="This is the worst service, I am furious", body=FURIOUS)
    api = bearer(make_token(rep))
    url = reverse("api:official_reply", args=[hot.pk])
    assert api.post(url, {"body": REPLY, "second_look": True}, content_type="application/json").status_code == 202
    assert api.post(url, {"body": REPLY + " Now."}, content_type="application/json").status_code == 201
