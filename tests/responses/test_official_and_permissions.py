"""Official replies, and every queue and dashboard action refused to members and visitors."""

import pytest
from django.urls import reverse

from forum import actions as forum_actions
from forum.models import Notification, Thread
from tests.factories import UserFactory, make_answer, set_state

pytestmark = pytest.mark.django_db


@pytest.fixture
def flagged(asked, now):
    thread = asked(70)
    set_state(Thread.objects.filter(pk=thread.pk), overdue_at=now)
    return thread


def test_a_reps_official_answer_carries_the_badge_is_pinned_and_stamps_first_official(client, flagged, reps):
    community = make_answer(thread=flagged, author=UserFactory(), body="Community: try restarting the hub.")
    client.force_login(reps[0])
    client.post(
        reverse("forum:answer", args=[flagged.pk]), {"body": "Official: the line is fixed now.", "official": "1"}
    )
    official = flagged.posts.get(is_official=True)
    flagged.refresh_from_db()
    assert flagged.response_state.first_official_at == official.created_at
    assert flagged.response_state.first_response_at == community.created_at
    html = client.get(flagged.get_absolute_url()).content.decode()
    answers = html[html.index('id="answers-heading"') :]
    assert answers.index(f'id="post-{official.pk}"') < answers.index(f'id="post-{community.pk}"')
    assert "badge--verified" in answers[: answers.index(f'id="post-{community.pk}"')]
    reps[0].refresh_from_db()
    assert reps[0].reputation == 1  # no reputation from an official mark you gave yourself (issue 8)


def test_a_rep_marks_a_customers_answer_official_and_can_take_it_back(client, flagged, reps):
    answer = make_answer(thread=flagged, author=UserFactory(), body="Community: update the firmware.")
    client.force_login(reps[0])
    assert client.post(reverse("forum:mark_official", args=[answer.pk])).status_code == 302
    answer.refresh_from_db()
    answer.author.refresh_from_db()
    flagged.refresh_from_db()
    assert answer.is_official
    assert answer.official_marked_by == reps[0]
    assert answer.author.reputation == 11
    assert flagged.response_state.first_official_at is not None
    assert Notification.objects.filter(recipient=answer.author, text__contains="as official").exists()

    client.post(reverse("forum:unmark_official", args=[answer.pk]))
    answer.refresh_from_db()
    answer.author.refresh_from_db()
    flagged.refresh_from_db()
    assert not answer.is_official
    assert answer.author.reputation == 1
    assert flagged.response_state.first_official_at is None


def test_marking_official_twice_awards_once(flagged, reps):
    answer = make_answer(thread=flagged, author=UserFactory())
    forum_actions.mark_official(post=answer, by=reps[0])
    forum_actions.mark_official(post=answer, by=reps[1])
    answer.author.refresh_from_db()
    assert answer.author.reputation == 11


def test_the_asker_can_ask_for_an_official_answer_once(client, asked):
    from responses.models import OfficialRequest

    thread = asked(5)
    client.force_login(thread.author)
    first = client.post(reverse("responses:request_official", args=[thread.pk]), follow=True)
    requested_at = Thread.objects.get(pk=thread.pk).response_state.official_requested_at
    second = client.post(reverse("responses:request_official", args=[thread.pk]), follow=True)
    assert "The team has been asked for an official answer." in first.content.decode()
    assert "You have already asked" in second.content.decode()
    assert OfficialRequest.objects.filter(thread=thread).count() == 1
    assert Thread.objects.get(pk=thread.pk).response_state.official_requested_at == requested_at


def _official_urls(thread, answer):
    return [
        ("get", reverse("responses:official_queue"), {}),
        ("get", reverse("responses:dashboard"), {}),
        ("post", reverse("responses:claim", args=[thread.pk]), {}),
        ("post", reverse("responses:release", args=[thread.pk]), {}),
        ("post", reverse("responses:dismiss", args=[thread.pk]), {"reason": "Not a product question"}),
        ("post", reverse("responses:reply", args=[thread.pk]), {"body": "Pretending to be official here."}),
        ("post", reverse("forum:mark_official", args=[answer.pk]), {}),
        ("post", reverse("forum:unmark_official", args=[answer.pk]), {}),
        ("post", reverse("forum:answer", args=[thread.pk]), {"body": "Pretending to be official.", "official": "1"}),
    ]


def test_members_are_refused_every_official_action_with_403(client, flagged):
    answer = make_answer(thread=flagged, author=UserFactory())
    client.force_login(UserFactory(groups=["Moderators"]))  # not a rep either
    for method, url, data in _official_urls(flagged, answer):
        response = getattr(client, method)(url, data)
        assert response.status_code == 403, url
    answer.refresh_from_db()
    flagged.refresh_from_db()
    assert not answer.is_official
    assert flagged.response_state.first_official_at is None
    assert not flagged.posts.filter(is_official=True).exists()


def test_visitors_are_sent_to_log_in(client, flagged):
    answer = make_answer(thread=flagged, author=UserFactory())
    for method, url, data in _official_urls(flagged, answer):
        response = getattr(client, method)(url, data)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("account_login")), url


def test_reps_and_leads_may_use_the_queue_and_the_dashboard(client, flagged, reps, lead):
    for user in (reps[0], lead):
        client.force_login(user)
        assert client.get(reverse("responses:official_queue")).status_code == 200
        assert client.get(reverse("responses:dashboard")).status_code == 200


def test_an_admin_sets_a_tags_lag_in_the_admin(admin_client, asked):
    from taggit.models import Tag

    from responses.models import LagPolicy

    asked(5, tags=["billing"])
    billing = Tag.objects.get(name="billing")
    response = admin_client.post("/admin/responses/lagpolicy/add/", {"tag": billing.pk, "lag_minutes": "30"})
    assert response.status_code == 302
    assert LagPolicy.objects.get(tag=billing).lag_minutes == 30
    for model in (
        "responses/lagpolicy",
        "responses/queueclaim",
        "responses/queuedismissal",
        "moderation/suspiciousvoting",
    ):
        assert admin_client.get(f"/admin/{model}/").status_code == 200
