"""The reports queue built for a busy day (issue 26): one compact row per item with one
decision control, bulk decisions for a spam wave, and filters by reason and age."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from forum.models import Post
from moderation import actions, querysets, queue
from moderation.models import Flag, LogEntry
from tests.factories import UserFactory, make_answer, make_thread, set_reputation

pytestmark = pytest.mark.django_db

QUEUE = "/moderation/"


def flagger():
    user = UserFactory()
    set_reputation(user, 50)
    return user


def flagged_answers(count: int, *, reason=Flag.Reason.SPAM, body="Cheap routers at example.com, this week only!"):
    thread = make_thread(author=UserFactory(), title="The hub drops the line every evening")
    posts = [make_answer(thread=thread, author=UserFactory(), body=f"{body} ({number})") for number in range(count)]
    for post in posts:
        actions.flag_post(post=post, flagger=flagger(), reason=reason)
    return posts


def row(html: str, post) -> str:
    start = html.index(f'id="report-{post.pk}"')
    return html[start : html.index("</article>", start)]


def options(html: str) -> list[str]:
    return re.findall(r'<option value="([^"]+)"', html)


def test_each_flagged_row_has_one_decision_control_that_starts_on_nothing(client, moderator):
    (post,) = flagged_answers(1)
    client.force_login(moderator)
    html = row(client.get(QUEUE).content.decode(), post)
    assert html.count('name="decision"') == 1
    assert html.count('<button type="submit">Decide</button>') == 1
    assert '<option value="" selected disabled>Choose a decision…</option>' in html
    control = html[html.index(f'data-testid="decide-{post.pk}"') :]
    assert options(control[: control.index("</form>")]) == [
        "dismiss",
        "hide:spam",
        "hide:abuse",
        "hide:rude",
        "hide:off_topic",
        "hide:personal_data",
    ]
    assert f'name="posts" value="{post.pk}" form="bulk"' in html  # its tick for a bulk decision


def test_what_each_kind_of_item_offers_follows_its_state():
    visible, hidden_by_flags = Post(is_hidden=False), Post(is_hidden=True, hidden_by=Post.HiddenBy.FLAGS)
    by_moderator = Post(is_hidden=True, hidden_by=Post.HiddenBy.MODERATOR)
    held = Post(is_hidden=True, hidden_by=Post.HiddenBy.FIRST_LOOK)
    hides = [f"hide:{rule}" for rule in ("spam", "abuse", "rude", "off_topic", "personal_data")]

    def values(post, **standing):
        return [value for value, _ in queue.offered(post, queue.Standing(**standing))]

    assert values(visible, flagged=True) == ["dismiss", *hides]
    assert values(hidden_by_flags, flagged=True) == ["restore", *hides]  # shown again, or hidden by a rule
    assert values(by_moderator, review=True) == ["restore", "keep_hidden"]
    assert values(by_moderator) == ["restore"]
    assert values(held, first_look=True, held=True) == ["looks_fine", *hides]
    assert dict(queue.offered(held, queue.Standing(first_look=True, held=True)))["looks_fine"] == (
        "Looks fine: make it public"
    )


def test_a_dismissal_without_a_reason_says_within_the_rules_in_the_log(client, moderator):
    (post,) = flagged_answers(1)
    client.force_login(moderator)
    response = client.post(reverse("moderation:decide", args=[post.pk]), {"decision": "dismiss", "next": QUEUE})
    assert (response.status_code, response.url) == (302, QUEUE)
    entry = LogEntry.objects.get(action=LogEntry.Action.DISMISS_FLAGS)
    assert entry.reason == queue.DISMISSED_WITHOUT_A_REASON
    assert not Flag.objects.filter(post=post, status=Flag.Status.OPEN).exists()


def test_a_restore_without_a_reason_is_asked_again_with_the_choice_kept(client, moderator):
    post = make_answer(thread=make_thread(author=UserFactory()), author=UserFactory(), body="An answer hidden by rule.")
    actions.hide_post(post=post, by=moderator, rule=Flag.Reason.OFF_TOPIC)
    client.force_login(moderator)
    response = client.post(reverse("moderation:decide", args=[post.pk]), {"decision": "restore", "reason": "ok"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Say why: the reason is shown in the public moderation log." in html
    assert '<option value="restore" selected>Restore it</option>' in html
    assert 'value="ok"' in html
    assert Post.objects.get(pk=post.pk).is_hidden


def test_a_decision_another_moderator_made_first_is_said_and_not_repeated(client, moderator):
    (post,) = flagged_answers(1)
    other = UserFactory(groups=["Moderators"])
    actions.dismiss_flags(post=post, by=other, reason="Fine")
    client.force_login(moderator)
    response = client.post(reverse("moderation:decide", args=[post.pk]), {"decision": "dismiss"}, follow=True)
    assert "Another moderator decided on it first" in response.content.decode()
    assert LogEntry.objects.filter(action=LogEntry.Action.DISMISS_FLAGS).count() == 1


def test_a_spam_wave_is_hidden_in_one_go_after_a_confirmation_that_counts_each_cost(client, moderator):
    wave = flagged_answers(6)
    innocent = flagged_answers(1, reason=Flag.Reason.OFF_TOPIC, body="My router is fine now, thanks all")[0]
    client.force_login(moderator)
    ticked = [post.pk for post in wave]
    asked = client.post(reverse("moderation:decide_many"), {"posts": ticked, "decision": "hide:spam", "next": QUEUE})
    assert asked.status_code == 200
    page = asked.content.decode()
    assert "Hide 6 posts as spam?" in page
    assert all(f'data-testid="bulk-cost-{pk}">costs 100 reputation' in page for pk in ticked)
    assert not Post.objects.filter(pk__in=ticked, is_hidden=True).exists()  # nothing before the confirmation

    # Another moderator dismisses one meanwhile: it is left as it is, and counted.
    actions.dismiss_flags(post=wave[0], by=UserFactory(groups=["Moderators"]), reason="A real answer")
    confirm = {"posts": ticked, "decision": "hide:spam", "confirmed": "on", "next": QUEUE}
    done = client.post(reverse("moderation:decide_many"), confirm, follow=True)
    assert "Hide as spam: 5 posts. 1 had been decided meanwhile" in done.content.decode()
    assert set(Post.objects.filter(is_hidden=True).values_list("pk", flat=True)) == set(ticked[1:])
    assert LogEntry.objects.filter(action=LogEntry.Action.HIDE).count() == 5
    assert not Post.objects.get(pk=innocent.pk).is_hidden  # not ticked, not touched


def test_a_bulk_dismissal_needs_no_confirmation_and_leaves_unflagged_posts_alone(client, moderator):
    wave = flagged_answers(3, reason=Flag.Reason.OFF_TOPIC)
    unflagged = make_answer(thread=wave[0].thread, author=UserFactory(), body="Nobody flagged this answer.")
    client.force_login(moderator)
    data = {"posts": [*(post.pk for post in wave), unflagged.pk], "decision": "dismiss"}
    response = client.post(reverse("moderation:decide_many"), data, follow=True)
    assert "Leave it up: dismiss the flags: 3 posts. 1 had been decided meanwhile" in response.content.decode()
    assert not Flag.objects.filter(status=Flag.Status.OPEN).exists()
    assert LogEntry.objects.filter(action=LogEntry.Action.DISMISS_FLAGS).count() == 3


def test_a_refused_bulk_decision_keeps_the_ticks_and_says_why(client, moderator):
    wave = flagged_answers(3)
    client.force_login(moderator)
    response = client.post(reverse("moderation:decide_many"), {"posts": [wave[0].pk, wave[2].pk], "reason": "wave"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Choose a decision." in html
    assert f'value="{wave[0].pk}" form="bulk" id="tick-{wave[0].pk}" checked' in html
    assert f'value="{wave[1].pk}" form="bulk" id="tick-{wave[1].pk}">' in html  # not ticked
    assert 'value="wave"' in html


def test_a_bulk_decision_is_for_moderators_only(client):
    wave = flagged_answers(2)
    client.force_login(UserFactory(groups=["Reps"]))
    data = {"posts": [post.pk for post in wave], "decision": "hide:off_topic"}
    assert client.post(reverse("moderation:decide_many"), data).status_code == 403
    assert not Post.objects.filter(is_hidden=True).exists()


def test_the_queue_filters_by_age_of_the_oldest_open_flag(client, moderator):
    now = timezone.now()
    fresh, day_old, week_old = flagged_answers(3)
    Flag.objects.filter(post=day_old).update(created_at=now - timedelta(days=2))
    Flag.objects.filter(post=week_old).update(created_at=now - timedelta(days=9))
    actions.flag_post(post=week_old, flagger=flagger(), reason=Flag.Reason.SPAM)  # a new flag on an old report

    def ids(age):
        return [post.pk for post in querysets.flagged_posts(age=age)]

    assert ids("hour") == [fresh.pk]
    assert ids("day") == [week_old.pk, day_old.pk]
    assert ids("week") == [week_old.pk]
    assert ids(None) == [week_old.pk, day_old.pk, fresh.pk]
    client.force_login(moderator)
    html = client.get(QUEUE + "?age=week").content.decode()
    assert f'id="report-{week_old.pk}"' in html
    assert f'id="report-{fresh.pk}"' not in html


def test_filtering_by_reason_counts_each_flags_weight_once(moderator):
    (post,) = flagged_answers(1)
    actions.flag_post(post=post, flagger=flagger(), reason=Flag.Reason.SPAM)
    actions.flag_post(post=post, flagger=flagger(), reason=Flag.Reason.ABUSE)
    (listed,) = querysets.flagged_posts(reason=Flag.Reason.SPAM)
    assert listed.flag_weight == 3
