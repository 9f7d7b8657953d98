"""The reports queue's order, filters and contents, and the public log's filters and pages
(issue 10)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from moderation import actions
from moderation.models import Flag, LogEntry
from tests.factories import UserFactory, make_answer, make_thread, set_reputation

pytestmark = pytest.mark.django_db


def flagger(reputation: int = 50, **kwargs):
    user = UserFactory(**kwargs)
    set_reputation(user, reputation)
    return user


def answer_in(title: str, *, tags=("wifi",), author=None):
    thread = make_thread(author=UserFactory(), title=title, tags=tags)
    return make_answer(thread=thread, author=author or UserFactory(), body=f"An answer in “{title}” to look at.")


def reports(client, moderator, query: str = "") -> str:
    client.force_login(moderator)
    response = client.get(reverse("moderation:reports") + query)
    assert response.status_code == 200
    return response.content.decode()


def listed(html: str, *posts) -> list[int]:
    """The posts of `posts` that the queue lists, in its order."""
    found = [(html.index(f'id="report-{post.pk}"'), post.pk) for post in posts if f'id="report-{post.pk}"' in html]
    return [pk for _, pk in sorted(found)]


def test_the_queue_lists_posts_by_their_oldest_open_flag_first(client, moderator):
    now = timezone.now()
    newest, oldest, middle, decided = (answer_in(f"Question number {n} about the hub") for n in range(4))
    for post, hours in ((newest, 1), (oldest, 5), (middle, 3), (decided, 9)):
        actions.flag_post(post=post, flagger=flagger(), reason=Flag.Reason.SPAM, now=now - timedelta(hours=hours))
    actions.flag_post(post=newest, flagger=flagger(), reason=Flag.Reason.SPAM, now=now - timedelta(hours=8))
    actions.dismiss_flags(post=newest, by=moderator, reason="Within the rules")  # its old flag is decided
    actions.flag_post(post=newest, flagger=flagger(), reason=Flag.Reason.SPAM, now=now)
    actions.dismiss_flags(post=decided, by=moderator, reason="Within the rules")
    html = reports(client, moderator)
    assert listed(html, newest, oldest, middle, decided) == [oldest.pk, middle.pk, newest.pk]
    assert "Flagged posts (3)" in html


def test_the_queue_filters_by_reason(client, moderator):
    spam, rant = answer_in("Question about the spam answer"), answer_in("Question about the ranting answer")
    actions.flag_post(post=spam, flagger=flagger(), reason=Flag.Reason.SPAM)
    actions.flag_post(post=rant, flagger=flagger(), reason=Flag.Reason.OFF_TOPIC, note="a rant")
    actions.flag_post(post=rant, flagger=flagger(), reason=Flag.Reason.ABUSE)
    assert listed(reports(client, moderator, "?reason=off_topic"), spam, rant) == [rant.pk]
    assert listed(reports(client, moderator, "?reason=spam"), spam, rant) == [spam.pk]
    both = reports(client, moderator, "?reason=")
    assert listed(both, spam, rant) == [spam.pk, rant.pk]
    only_rant = reports(client, moderator, "?reason=abuse")
    assert "Off-topic (1)" in only_rant  # the post's other open flags stay in view, grouped by reason
    assert 'value="abuse" selected' in only_rant


def test_the_queue_filters_by_tag(client, moderator):
    wifi, billing = answer_in("A wifi question", tags=("wifi",)), answer_in("A billing question", tags=("billing",))
    for post in (wifi, billing):
        actions.flag_post(post=post, flagger=flagger(), reason=Flag.Reason.SPAM)
    assert listed(reports(client, moderator, "?tag=billing"), wifi, billing) == [billing.pk]
    assert listed(reports(client, moderator, "?tag=wifi&reason=spam"), wifi, billing) == [wifi.pk]
    assert listed(reports(client, moderator, "?tag=modems"), wifi, billing) == []


def test_a_report_shows_the_authors_reputation_and_record_and_each_flaggers_accuracy_and_note(client, moderator):
    author = UserFactory(display_name="Alex Author")
    set_reputation(author, 321)
    for index in range(2):  # two flags on the author's earlier posts were upheld
        earlier = answer_in(f"Earlier question number {index}", author=author)
        actions.flag_post(post=earlier, flagger=flagger(), reason=Flag.Reason.ABUSE)
        actions.hide_post(post=earlier, by=moderator, rule=Flag.Reason.OFF_TOPIC)
    seasoned, newcomer = flagger(display_name="Sam Seasoned"), flagger(display_name="Nia New")
    for outcome in ("upheld", "upheld", "upheld", "dismissed"):
        post = answer_in(f"Something Sam flagged, {outcome} {Flag.objects.count()}")
        actions.flag_post(post=post, flagger=seasoned, reason=Flag.Reason.SPAM)
        if outcome == "upheld":
            actions.hide_post(post=post, by=moderator, rule=Flag.Reason.SPAM)
        else:
            actions.dismiss_flags(post=post, by=moderator, reason="Within the rules")
    reported = answer_in("The question with the report", author=author)
    actions.flag_post(post=reported, flagger=seasoned, reason=Flag.Reason.SPAM, note="sells routers")
    actions.flag_post(post=reported, flagger=newcomer, reason=Flag.Reason.OTHER, note="<b>odd</b> links")
    html = reports(client, moderator)
    start = html.index(f'id="report-{reported.pk}"')
    report = html[start : html.index("</article>", start)]
    assert "The question with the report" in report
    assert "An answer in “The question with the report” to look at." in report  # the excerpt
    assert "(321 reputation, 2 upheld flags before)" in report
    assert "flag weight 2" in report
    assert "Spam (1)" in report
    assert "Sam Seasoned" in report
    assert "(weight 1, 3 of 4 upheld): “sells routers”" in report
    assert "Nia New" in report
    assert "(weight 1, no decided flags yet): “&lt;b&gt;odd&lt;/b&gt; links”" in report  # escaped, never markup


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("?reason=kittens", "Reason: Select a valid choice. kittens is not one of the available choices."),
        ("?tag=not+a+slug", "Tag: Enter a valid “slug”"),
    ],
)
def test_a_queue_filter_that_makes_no_sense_is_a_400_that_says_so(client, moderator, query, message):
    post = answer_in("A question with one report")
    actions.flag_post(post=post, flagger=flagger(), reason=Flag.Reason.SPAM)
    client.force_login(moderator)
    response = client.get(reverse("moderation:reports") + query)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html.replace("&quot;", "“")
    assert f'id="report-{post.pk}"' in html  # everything, unfiltered, rather than nothing


# --- The public log -------------------------------------------------------------------------


def log_page(client, query: str = "", status: int = 200) -> str:
    response = client.get(reverse("moderation:log") + query)
    assert response.status_code == status
    return response.content.decode()


def rows(html: str) -> list[str]:
    body = html[html.index("<tbody>") : html.index("</tbody>")]
    return body.split('<tr data-testid="log-entry">')[1:]


def test_the_log_filters_by_action(client, moderator):
    thread = make_thread(author=UserFactory())
    actions.lock_thread(thread=thread, by=moderator, reason="heated")
    actions.unlock_thread(thread=thread, by=moderator, reason="calmer")
    actions.hide_post(post=answer_in("A question with a spam answer"), by=moderator, rule=Flag.Reason.SPAM)
    locked = rows(log_page(client, "?action=lock"))
    assert len(locked) == 1
    assert "<td>locked</td>" in locked[0]
    assert "heated" in locked[0]
    assert len(rows(log_page(client, "?action=hide"))) == 1
    assert len(rows(log_page(client))) == 3


def test_the_log_filters_by_moderator(client, moderator):
    other = UserFactory(username="other-mod", display_name="Olga Other", groups=["Moderators"])
    first, second = make_thread(author=UserFactory()), make_thread(author=UserFactory(), title="Another hub question")
    actions.lock_thread(thread=first, by=moderator, reason="heated")
    actions.lock_thread(thread=second, by=other, reason="going in circles")
    theirs = rows(log_page(client, "?moderator=other-mod"))
    assert len(theirs) == 1
    assert "Olga Other" in theirs[0]
    assert "going in circles" in theirs[0]
    assert rows(log_page(client, "?moderator=nobody-here")) == []


def test_the_log_is_paginated_newest_first_and_the_pages_keep_the_filter(client, moderator):
    thread = make_thread(author=UserFactory())
    start = timezone.now() - timedelta(days=1)
    for index in range(30):
        at = start + timedelta(minutes=2 * index)
        actions.lock_thread(thread=thread, by=moderator, reason=f"lock number {index}", now=at)
        later = at + timedelta(minutes=1)
        actions.unlock_thread(thread=thread, by=moderator, reason=f"unlock number {index}", now=later)
    assert LogEntry.objects.count() == 60
    first = log_page(client)
    assert len(rows(first)) == 50
    assert "unlock number 29" in rows(first)[0]
    assert "Page 1 of 2" in first
    second = log_page(client, "?page=2")
    assert len(rows(second)) == 10
    assert "lock number 0" in rows(second)[-1]
    locks = log_page(client, "?action=lock")
    assert len(rows(locks)) == 30
    assert "Page 1 of 2" not in locks  # 30 fit on one page
    actions.lock_thread(thread=thread, by=moderator, reason="one more")
    for index in range(21):
        other = make_thread(author=UserFactory(), title=f"Question number {index} about the hub")
        actions.lock_thread(thread=other, by=moderator, reason="heated")
    filtered = log_page(client, "?action=lock")
    assert 'href="?action=lock&amp;page=2"' in filtered
    assert len(rows(log_page(client, "?action=lock&page=2"))) == 2
    assert len(rows(log_page(client, "?page=not-a-number"))) == 50  # the first page, not an error


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("?action=delete_everything", "Action: Select a valid choice."),
        ("?moderator=" + "m" * 151, "Moderator: Ensure this value has at most 150 characters"),
    ],
)
def test_a_log_filter_that_makes_no_sense_is_a_400_that_says_so(client, moderator, query, message):
    actions.lock_thread(thread=make_thread(author=UserFactory()), by=moderator, reason="heated")
    html = log_page(client, query, status=400)
    assert message in html
    assert len(rows(html)) == 1
