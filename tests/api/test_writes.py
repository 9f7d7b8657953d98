"""Each write does through the API what its page does: the same action, the same rules of
the page's form, the same double-submit guard. JSON and form bodies both work."""

import pytest
from django.urls import reverse
from django.utils import timezone

from forum.models import Post, Thread
from moderation.models import Flag
from responses.conf import conf as responses_conf
from responses.models import QueueClaim, QueueDismissal, QueueThread
from tests.factories import UserFactory, make_answer, make_thread, set_reputation, set_state

pytestmark = pytest.mark.django_db

QUESTION = {
    "title": "Why does my hub drop the connection every night?",
    "body": "Every night around two the hub loses its connection and only a restart brings it back.",
    "tags": ["wifi"],
}
ANSWER = {"body": "Hold the reset button for ten seconds, then wait."}


@pytest.fixture
def queued(thread):
    set_state(Thread.objects.filter(pk=thread.pk), overdue_at=timezone.now())
    return thread


def post_json(api, url: str, body: dict | None = None):
    return api.post(url, body or {}, content_type="application/json")


def test_asking_creates_the_thread_with_its_tags_and_a_double_submit_is_one_thread(
    member, make_token, bearer, settings
):
    settings.ACTION_RATE_LIMITS_ON = False
    api = bearer(make_token(member))
    make_thread(author=UserFactory())  # the "wifi" tag exists
    first = post_json(api, reverse("api:threads"), QUESTION)
    assert first.status_code == 201
    assert first.json()["tags"] == ["wifi"]
    assert first.json()["posts"][0]["body"] == QUESTION["body"]
    again = post_json(api, reverse("api:threads"), QUESTION)
    assert again.json()["id"] == first.json()["id"]
    assert Thread.objects.filter(author=member).count() == 1


def test_a_new_member_cannot_create_a_tag_through_the_api_either(member, make_token, bearer):
    """A well-formed question with a new tag is refused as a privilege (a 403, as voting
    without the reputation is), in the form's words; with other mistakes too, a 400."""
    api = bearer(make_token(member))
    response = post_json(api, reverse("api:threads"), {**QUESTION, "tags": "brand-new-tag"})
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "permission_denied"
    assert "Creating new tags needs" in response.json()["error"]["message"]
    response = post_json(api, reverse("api:threads"), {**QUESTION, "title": "Short", "tags": "brand-new-tag"})
    assert response.status_code == 400
    assert "Creating new tags needs" in response.json()["error"]["fields"]["tags"][0]
    assert not Thread.objects.filter(author=member).exists()


def test_a_form_encoded_answer_works_as_json_does(member, thread, make_token, bearer):
    response = bearer(make_token(member)).post(reverse("api:answer", args=[thread.pk]), ANSWER)
    assert response.status_code == 201
    assert Post.objects.get(pk=response.json()["id"]).body == ANSWER["body"]


def test_a_rep_s_official_answer_takes_the_thread_out_of_the_queue(rep, queued, make_token, bearer):
    api = bearer(make_token(rep))
    response = post_json(api, reverse("api:answer", args=[queued.pk]), {**ANSWER, "official": True})
    assert response.status_code == 201
    assert Post.objects.get(pk=response.json()["id"]).is_official
    assert not QueueThread.objects.awaiting_official().filter(pk=queued.pk).exists()


def test_a_member_s_official_flag_is_refused(member, thread, make_token, bearer):
    api = bearer(make_token(member))
    response = post_json(api, reverse("api:answer", args=[thread.pk]), {**ANSWER, "official": True})
    assert response.status_code == 403
    response = post_json(api, reverse("api:answer", args=[thread.pk]), {**ANSWER, "official": 1})
    assert response.status_code == 400  # JSON's types are the schema's: official is true or false
    assert response.json()["error"]["fields"] == {"official": ["Send true or false."]}
    assert not Post.objects.filter(author=member).exists()


def test_replying_from_the_queue_is_official(rep, queued, make_token, bearer):
    response = post_json(bearer(make_token(rep)), reverse("api:official_reply", args=[queued.pk]), ANSWER)
    assert response.status_code == 201
    queued.refresh_from_db()
    assert queued.response_state.first_official_at is not None


def test_a_vote_moves_the_score_and_one_s_own_post_takes_none(member, thread, make_token, bearer):
    set_reputation(member, 20)
    api = bearer(make_token(member))
    answer = make_answer(thread=thread, author=UserFactory())
    response = post_json(api, reverse("api:vote", args=[answer.pk]), {"value": "up"})
    assert response.json() == {"post_id": answer.pk, "value": 1, "score": 1}
    own = make_answer(thread=thread, author=member, body="My own answer, which I cannot vote on.")
    refused = post_json(api, reverse("api:vote", args=[own.pk]), {"value": "up"})
    assert refused.status_code == 403
    assert refused.json()["error"]["message"] == "You cannot vote on your own post."
    assert post_json(api, reverse("api:vote", args=[answer.pk]), {"value": "sideways"}).status_code == 400


def test_the_asker_accepts_an_answer_and_nobody_else_does(member, make_token, bearer):
    thread = make_thread(author=member)
    answer = make_answer(thread=thread, author=UserFactory())
    other = bearer(make_token(UserFactory()))
    assert post_json(other, reverse("api:accept", args=[answer.pk])).status_code == 403
    assert post_json(bearer(make_token(member)), reverse("api:accept", args=[answer.pk])).status_code == 200
    thread.refresh_from_db()
    assert thread.accepted_post_id == answer.pk
    question = thread.posts.get(is_question=True)
    assert post_json(bearer(make_token(member)), reverse("api:accept", args=[question.pk])).status_code == 404


def test_a_rep_claims_and_dismisses_with_the_reason_the_page_requires(rep, queued, make_token, bearer):
    api = bearer(make_token(rep))
    assert post_json(api, reverse("api:claim", args=[queued.pk])).status_code == 200
    assert QueueClaim.objects.get(thread=queued).claimed_by == rep
    refused = post_json(api, reverse("api:dismiss", args=[queued.pk]), {"reason": ""})
    assert refused.status_code == 400
    assert refused.json()["error"]["fields"]["reason"] == ["Say why this thread needs no official reply."]
    done = post_json(api, reverse("api:dismiss", args=[queued.pk]), {"reason": "Not a product question."})
    assert done.status_code == 200
    assert QueueDismissal.objects.get(thread=queued).reason == "Not a product question."


def test_a_flag_is_recorded_once_and_other_needs_a_note(member, thread, make_token, bearer):
    set_reputation(member, 20)
    api = bearer(make_token(member))
    answer = make_answer(thread=thread, author=UserFactory())
    url = reverse("api:flag", args=[answer.pk])
    assert post_json(api, url, {"reason": "spam"}).status_code == 201
    assert post_json(api, url, {"reason": "spam"}).status_code == 201
    assert Flag.objects.filter(post=answer, flagger=member).count() == 1
    refused = post_json(api, url, {"reason": "other"})
    assert refused.status_code == 400
    assert "note" in refused.json()["error"]["fields"]


def test_the_session_writes_with_the_csrf_token_and_not_without(client, member, thread, settings):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(member)
    browser.get(reverse("accounts:settings"))
    token = browser.cookies[settings.CSRF_COOKIE_NAME].value
    url = reverse("api:answer", args=[thread.pk])
    refused = browser.post(url, ANSWER, content_type="application/json")
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "csrf_failed"
    done = browser.post(url, ANSWER, content_type="application/json", headers={"X-CSRFToken": token})
    assert done.status_code == 201


def test_a_needs_an_official_response_flag_is_an_official_request_with_its_rules_and_limit(make_token, bearer):
    """Issue 24: the flag goes through the official request's check and daily limit."""

    from forum import actions as forum_actions
    from responses import actions as response_actions
    from responses.models import OfficialRequest

    asker, fellow, bystander = UserFactory(username="asker"), UserFactory(), UserFactory()
    for user in (asker, fellow, bystander):
        set_reputation(user, 50)
    thread = make_thread(author=asker, title="My Brightwave hub reboots itself every hour")
    forum_actions.set_me_too(user=fellow, thread=thread, on=True)
    answer = make_answer(thread=thread, author=UserFactory(), body="Have you tried a different power socket?")

    def flag_by_api(user):
        return post_json(bearer(make_token(user)), reverse("api:flag", args=[answer.pk]), {"reason": "needs_official"})

    refused = flag_by_api(bystander)
    assert refused.status_code == 403
    assert refused.json()["error"]["message"] == (
        "Only the person who asked, or someone with the same problem, can ask for this."
    )
    for index in range(responses_conf.OFFICIAL_REQUESTS_PER_DAY):
        other = make_thread(author=asker, title=f"Another hub question, number {index} of many")
        response_actions.request_official_response(thread=other, by=asker)
    limited = flag_by_api(asker)
    assert limited.status_code == 429
    assert limited.json()["error"]["code"] == "rate_limited"
    assert flag_by_api(fellow).status_code == 201
    assert OfficialRequest.objects.filter(thread=thread).get().requested_by == fellow


def test_a_reply_through_the_api_is_the_pages_reply_and_reads_back_under_its_post(
    member, rep, thread, make_token, bearer, client
):
    answer = make_answer(thread=thread, author=UserFactory(), body="Try channel 6 instead of auto.")
    asked = post_json(
        bearer(make_token(rep)),
        reverse("api:reply", args=[answer.pk]),
        {"body": "Which router model do you have?", "asks_customer": True},
    )
    assert asked.status_code == 201
    assert asked.json()["reply_to"] == answer.pk
    thread.refresh_from_db()
    assert thread.response_state.detail_requested_at is not None
    # A member's asks_customer is ignored, as on the page; a reply to a reply joins its parent.
    member_reply = post_json(
        bearer(make_token(member)),
        reverse("api:reply", args=[asked.json()["id"]]),
        {"body": "Same question here.", "asks_customer": True},
    )
    assert member_reply.json()["reply_to"] == answer.pk
    posts = client.get(reverse("api:thread", args=[thread.pk])).json()["posts"]
    assert [(post["id"], post["reply_to"]) for post in posts] == [
        (posts[0]["id"], None),
        (answer.pk, None),
        (asked.json()["id"], answer.pk),
        (member_reply.json()["id"], answer.pk),
    ]
    refused = post_json(bearer(make_token(member)), reverse("api:reply", args=[answer.pk]), {"body": "x"})
    assert refused.status_code == 400
    assert "at least 2 characters" in refused.json()["error"]["fields"]["body"][0]
