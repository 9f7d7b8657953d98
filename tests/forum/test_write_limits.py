"""Writes with no limit flooded people (issue 24): every write has a limit, answered 429
with what was typed kept, and news already told for the same event is not told again."""

import pytest
from django.core import mail
from django.urls import reverse

from cases import actions as case_actions
from config.limits import conf as limits_conf
from forum import actions, notifications
from forum.models import Notification, Post
from tests.factories import UserFactory, make_answer, make_thread, set_reputation

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


@pytest.fixture
def tight(settings):
    def limit(action: str, rate: str) -> None:
        settings.ACTION_RATE_LIMITS = {**limits_conf.ACTION_RATE_LIMITS, action: {"member": rate, "new": rate}}

    return limit


@pytest.fixture
def solved_world(db):
    """A question with two answers, a follower and a member who has the problem too."""
    asker = UserFactory(username="asker")
    set_reputation(asker, 100)  # a member: the members' rate (20 an hour)
    thread = make_thread(author=asker)
    first = make_answer(thread=thread, author=UserFactory(username="first"), body="Reboot the hub, then wait.")
    second = make_answer(thread=thread, author=UserFactory(username="second"), body="Update the firmware first.")
    follower, fellow = UserFactory(username="follower"), UserFactory(username="fellow")
    actions.follow_thread(user=follower, thread=thread)
    actions.set_me_too(user=fellow, thread=thread, on=True)
    Notification.objects.all().delete()  # the answers' news
    return asker, thread, first, second, follower, fellow


def told(user) -> list[str]:
    return list(Notification.objects.filter(recipient=user).order_by("pk").values_list("text", flat=True))


def test_switching_the_accept_20_times_tells_each_person_once_per_event_then_is_limited(client, solved_world):
    asker, thread, first, second, follower, fellow = solved_world
    client.force_login(asker)
    switches = [first, second] * 10
    statuses = [client.post(reverse("forum:accept", args=[answer.pk])).status_code for answer in switches]
    assert statuses == [302] * 20
    refused = client.post(reverse("forum:accept", args=[first.pk]))
    assert refused.status_code == 429
    assert "You can accept or take back an answer at most 20 times per hour" in refused.content.decode()

    # Two events, each told once: the first answer accepted, then the second. The answerers
    # follow the thread they answered, so each hears of the other's accept too.
    yours, solved = f"Your answer on “{thread.title}” was accepted", f"“{thread.title}” has an accepted answer"
    assert told(first.author) == [yours, solved]
    assert told(second.author) == [solved, yours]
    assert told(follower) == [solved, solved]
    assert told(fellow) == [solved, solved]
    assert told(asker) == []
    run = notifications.send_notification_emails(notification_ids=Notification.objects.values_list("pk", flat=True))
    assert run.sent == len(mail.outbox) == 8  # 80 emails before


def test_a_vote_taken_back_and_cast_again_across_a_milestone_tells_the_author_once(solved_world):
    _asker, _thread, first, *_ = solved_world
    voters = UserFactory.create_batch(10)
    for voter in voters:
        set_reputation(voter, 100)
    for voter in voters[:9]:
        actions.cast_vote(voter=voter, post=first, value=1)
    for _ in range(10):  # toggled across 10 votes, ten times
        actions.cast_vote(voter=voters[9], post=first, value=1)
        actions.cast_vote(voter=voters[9], post=first, value=0)
    actions.cast_vote(voter=voters[9], post=first, value=1)
    assert Post.objects.get(pk=first.pk).score == 10
    assert [text for text in told(first.author) if "reached" in text] == [
        f"Your answer on “{first.thread.title}” reached 10 votes"
    ]


def test_marking_official_again_after_taking_it_away_tells_nobody_twice(solved_world):
    _asker, _thread, first, _second, follower, _fellow = solved_world
    rep = UserFactory(groups=["Reps"])
    for _ in range(3):
        actions.mark_official(post=first, by=rep)
        actions.unmark_official(post=first, by=rep)
    assert len(told(first.author)) == 1
    assert len(told(follower)) == 1


def test_news_told_once_is_told_to_whoever_has_not_heard_it_yet(solved_world):
    asker, _thread, first, *_ = solved_world
    late = UserFactory()
    key = f"accepted-fix:{first.pk}"
    assert len(notifications.notify(recipient_ids=[asker.pk], text="News", url="/", once_key=key)) == 1
    assert len(notifications.notify(recipient_ids=[asker.pk, late.pk], text="News", url="/", once_key=key)) == 1
    assert len(notifications.notify(recipient_ids=[asker.pk, late.pk], text="News", url="/")) == 2  # no key


def test_editing_past_the_limit_answers_429_with_the_text_kept(client, tight):
    tight("edit", "2/h")
    author = UserFactory()
    answer = make_answer(thread=make_thread(author=UserFactory()), author=author)
    client.force_login(author)
    url = reverse("forum:edit_post", args=[answer.pk])
    for n in range(2):
        assert client.post(url, {"body": f"Hold the reset button for {n + 10} seconds, then wait."}).status_code == 302
    typed = "Hold the reset button for thirty seconds, then wait for the light to turn green."
    refused = client.post(url, {"body": typed})
    assert refused.status_code == 429
    html = refused.content.decode()
    assert "You can edit, withdraw or redact your posts at most 2 times per hour" in html
    assert typed in html
    assert Post.objects.get(pk=answer.pk).body != typed


def test_case_messages_past_the_limit_answer_429_with_the_message_kept(client, tight):
    tight("case_message", "2/h")
    asker, rep = UserFactory(), UserFactory(groups=["Reps"])
    thread = make_thread(author=asker)
    case, _ = case_actions.open_case(thread=thread, by=rep, message="Could we look at your line together?")
    client.force_login(asker)
    url = reverse("cases:reply", args=[case.pk])
    for n in range(2):
        assert client.post(url, {"body": f"Message number {n}: the light is still orange."}).status_code == 302
    typed = "Message number 2: the light went green, then orange again at nine."
    refused = client.post(url, {"body": typed})
    assert refused.status_code == 429
    html = refused.content.decode()
    assert "You can write in private cases at most 2 times per hour" in html
    assert typed in html
    assert case.messages.count() == 3  # the first and two replies


def test_following_and_unfollowing_past_the_limit_answers_429_beside_the_button(client, tight):
    tight("follow", "3/m")
    thread = make_thread(author=UserFactory())
    member = UserFactory()
    client.force_login(member)
    urls = [reverse("forum:follow", args=[thread.pk]), reverse("forum:unfollow", args=[thread.pk])] * 2
    assert [client.post(url, headers=HTMX).status_code for url in urls] == [200, 200, 200, 429]
    refused = client.post(urls[0], headers=HTMX)
    assert refused["Content-Type"].startswith("text/plain")
    assert refused.content.decode().startswith("You can follow or unfollow at most 3 times per minute.")


def test_the_api_counts_the_same_accept_limit_as_the_page(client, solved_world, tight):
    from api import tokens
    from api.models import ApiToken

    tight("accept", "2/h")
    asker, _thread, first, second, *_ = solved_world
    _row, token = tokens.create_token(user=asker, name="script", scope=ApiToken.Scope.WRITE)
    client.force_login(asker)
    assert client.post(reverse("forum:accept", args=[first.pk])).status_code == 302
    api = reverse("api:accept", args=[second.pk])
    assert client.post(api, headers={"Authorization": f"Bearer {token}"}).status_code == 200
    refused = client.post(api, headers={"Authorization": f"Bearer {token}"})
    assert refused.status_code == 429
    assert refused.json()["error"]["code"] == "rate_limited"
