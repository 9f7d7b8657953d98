"""The admin cannot bypass the actions (issue 9): records are read-only there, and the
changes an administrator needs are admin actions calling actions.py."""

import pytest

from forum.models import Post, ReputationEvent
from tests.factories import UserFactory, make_answer, make_thread, set_reputation

pytestmark = pytest.mark.django_db


@pytest.fixture
def answer(db):
    thread = make_thread(author=UserFactory())
    return make_answer(thread=thread, author=UserFactory())


def test_a_posts_body_cannot_be_changed_in_the_admin(admin_client, answer):
    url = f"/admin/forum/post/{answer.pk}/change/"
    assert admin_client.get(url).status_code == 200  # readable
    admin_client.post(url, {"body": "Refund everyone GBP 500", "thread": answer.thread_id, "author": answer.author_id})
    answer.refresh_from_db()
    assert answer.body == "Hold the reset button for ten seconds, then wait."


@pytest.mark.parametrize("model", ["forum/vote", "forum/reputationevent", "forum/tagreputation", "forum/thread"])
def test_records_kept_by_the_actions_cannot_be_added_in_the_admin(admin_client, model):
    assert admin_client.get(f"/admin/{model}/add/").status_code == 403


def test_marking_official_in_the_admin_goes_through_the_action(admin_client, answer):
    response = admin_client.post(
        "/admin/forum/post/", {"action": "mark_official", "_selected_action": [answer.pk]}, follow=True
    )
    assert response.status_code == 200
    assert Post.objects.get(pk=answer.pk).is_official
    event = ReputationEvent.objects.get(reason="answer_marked_official")
    assert (event.user_id, event.delta) == (answer.author_id, 10)


def test_the_user_admin_offers_no_field_for_reputation_or_suspension(admin_client, answer):
    member = answer.author
    set_reputation(member, 40)
    form = admin_client.get(f"/admin/accounts/user/{member.pk}/change/").content.decode()
    assert 'name="display_name"' in form  # the form is there
    for field in ("reputation", "suspended_until", "suspension_reason"):
        assert f'name="{field}"' not in form


def test_lag_policies_stay_editable(admin_client):
    assert admin_client.get("/admin/responses/lagpolicy/add/").status_code == 200
