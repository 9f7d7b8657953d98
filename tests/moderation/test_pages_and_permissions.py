"""Moderation endpoints for every role (issue 10), the pages' query counts, and what each
reader sees of a hidden post and of the log."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import resolve, reverse
from django.utils import timezone

from forum.conf import conf as forum_conf
from forum.models import Post
from moderation import actions
from moderation.models import Flag, LogEntry, SuspiciousVoting, WatchedWord
from tests.factories import UserFactory, make_answer, make_thread, set_reputation

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene(db, moderator):
    asker, author = UserFactory(username="asker"), UserFactory(username="author")
    thread = make_thread(author=asker)
    other = make_thread(author=asker, title="Another question about the hub here")
    answer = make_answer(thread=thread, author=author, body="This is an answer that somebody flagged.")
    record = SuspiciousVoting.objects.create(voter=asker, author=author, vote_count=7)
    return {"thread": thread, "other": other, "answer": answer, "author": author, "record": record}


ROLES = ["anonymous", "member", "suspended", "rep", "lead", "moderator"]


def roles(anonymous: int, member: int, suspended: int, rep: int, lead: int, moderator: int) -> dict[str, int]:
    return dict(zip(ROLES, (anonymous, member, suspended, rep, lead, moderator), strict=True))


# Who may do what, by the kind of endpoint. 302 for the anonymous is the login page; for the
# others it is the action done and the page to go back to.
PUBLIC = roles(200, 200, 200, 200, 200, 200)
SIGNED_IN = roles(302, 200, 200, 200, 200, 200)  # reading what is yours: suspended members too
FLAG_FORM = roles(302, 200, 403, 200, 200, 200)
FLAGGED = roles(302, 302, 403, 302, 302, 302)
NOBODY_ELSES = roles(302, 403, 403, 403, 403, 403)  # a review of someone else's hidden post
OWN_REVIEW_FORM = roles(302, 200, 200, 200, 200, 200)
OWN_REVIEW_ASKED = roles(302, 302, 302, 302, 302, 302)
MODERATORS_PAGE = roles(302, 403, 403, 403, 403, 200)
MODERATORS_DECISION = roles(302, 403, 403, 403, 403, 302)
MODERATORS_FORM_SENT = roles(302, 403, 403, 403, 403, 302)  # a page's form: its GET is the page


def user_for(role: str):
    if role == "anonymous":
        return None
    user = {
        "member": lambda: UserFactory(),
        "suspended": lambda: UserFactory(suspended_until=timezone.now() + timedelta(days=1), suspension_reason="x"),
        "rep": lambda: UserFactory(groups=["Reps"]),
        "lead": lambda: UserFactory(groups=["Leads"]),
        "moderator": lambda: UserFactory(groups=["Moderators"]),
    }[role]()
    set_reputation(user, 50)  # enough to flag
    return user


def endpoints(scene, *, user, moderator):
    """Every URL in moderation/urls.py, in an order whose outcome does not depend on the
    earlier ones, with the status each role gets."""
    post, thread, record = scene["answer"], scene["thread"], scene["record"]
    hidden = make_answer(thread=scene["other"], author=UserFactory(), body="Somebody else's hidden answer.")
    own = make_answer(thread=scene["other"], author=user or UserFactory(), body="The visitor's own hidden answer.")
    for answer in (hidden, own):
        actions.hide_post(post=answer, by=moderator, rule="off_topic")
    newcomer = UserFactory()
    first_post = make_answer(thread=scene["other"], author=newcomer, body="See [my fix](https://example.com/fix).")
    spammer = UserFactory()
    watched = WatchedWord.objects.create(text=f"watched {WatchedWord.objects.count()}")
    undone = make_answer(thread=scene["other"], author=UserFactory(), body="Hidden, then undone from the log.")
    actions.hide_post(post=undone, by=moderator, rule="off_topic")
    undoable = LogEntry.objects.get(post=undone, action=LogEntry.Action.HIDE)
    reason = {"reason": "Testing the rules here"}
    return [
        ("get", reverse("moderation:log"), {}, PUBLIC),
        ("get", reverse("moderation:my_flags"), {}, SIGNED_IN),
        ("get", reverse("moderation:reports"), {}, MODERATORS_PAGE),
        ("get", reverse("moderation:watched_words"), {}, MODERATORS_PAGE),
        ("post", reverse("moderation:watched_words"), {"text": "crypto giveaway"}, MODERATORS_FORM_SENT),
        ("post", reverse("moderation:unwatch", args=[watched.pk]), {}, MODERATORS_DECISION),
        ("get", reverse("moderation:find_duplicate", args=[thread.pk]), {}, MODERATORS_PAGE),
        ("get", reverse("moderation:flag", args=[post.pk]), {}, FLAG_FORM),
        ("post", reverse("moderation:flag", args=[post.pk]), {"reason": "off_topic"}, FLAGGED),
        ("get", reverse("moderation:request_review", args=[hidden.pk]), {}, NOBODY_ELSES),
        ("post", reverse("moderation:request_review", args=[hidden.pk]), {"note": "Please"}, NOBODY_ELSES),
        ("get", reverse("moderation:request_review", args=[own.pk]), {}, OWN_REVIEW_FORM),
        ("post", reverse("moderation:request_review", args=[own.pk]), {"note": "Please"}, OWN_REVIEW_ASKED),
        ("post", reverse("moderation:claim_report", args=[post.pk]), {}, MODERATORS_DECISION),
        ("post", reverse("moderation:release_report", args=[post.pk]), {}, MODERATORS_DECISION),
        ("post", reverse("moderation:decide", args=[post.pk]), {"decision": "dismiss", **reason}, MODERATORS_DECISION),
        (
            "post",
            reverse("moderation:decide", args=[post.pk]),
            {"decision": "hide:spam", "confirmed": "on"},
            MODERATORS_DECISION,
        ),
        (
            "post",
            reverse("moderation:decide", args=[post.pk]),
            {"decision": "keep_hidden", **reason},
            MODERATORS_DECISION,
        ),
        ("post", reverse("moderation:decide", args=[post.pk]), {"decision": "restore", **reason}, MODERATORS_DECISION),
        (
            "post",
            reverse("moderation:decide_many"),
            {"posts": [post.pk, hidden.pk], "decision": "hide:off_topic"},
            MODERATORS_DECISION,
        ),
        ("post", reverse("moderation:lock", args=[thread.pk]), reason, MODERATORS_DECISION),
        ("post", reverse("moderation:unlock", args=[thread.pk]), reason, MODERATORS_DECISION),
        (
            "post",
            reverse("moderation:close_as_duplicate", args=[thread.pk]),
            {"original": scene["other"].pk},
            MODERATORS_DECISION,
        ),
        ("post", reverse("moderation:suspend", args=["author"]), {"days": "1", **reason}, MODERATORS_DECISION),
        ("post", reverse("moderation:lift_suspension", args=["author"]), reason, MODERATORS_DECISION),
        ("post", reverse("moderation:reverse_votes", args=[record.pk]), reason, MODERATORS_DECISION),
        ("post", reverse("moderation:clear_votes", args=[record.pk]), reason, MODERATORS_DECISION),
        ("post", reverse("moderation:decide", args=[first_post.pk]), {"decision": "looks_fine"}, MODERATORS_DECISION),
        ("post", reverse("moderation:undo", args=[undoable.pk]), reason, MODERATORS_DECISION),
        (
            "post",
            reverse("moderation:delete_member", args=[spammer.username]),
            {"confirm": "on", **reason},
            MODERATORS_DECISION,
        ),
    ]


def test_the_matrix_lists_every_moderation_endpoint(scene, moderator):
    from moderation.urls import urlpatterns

    listed = {url for _, url, _, _ in endpoints(scene, user=None, moderator=moderator)}
    names = {resolve(url).url_name for url in listed}
    assert names == {pattern.name for pattern in urlpatterns}


@pytest.mark.parametrize("role", ROLES)
def test_every_moderation_endpoint_answers_each_role_as_expected(client, scene, moderator, role):
    user = user_for(role)
    table = endpoints(scene, user=user, moderator=moderator)
    logged = LogEntry.objects.count()
    if user:
        client.force_login(user)
    answers = [(method.upper(), url, getattr(client, method)(url, data).status_code) for method, url, data, _ in table]
    assert answers == [(method.upper(), url, expected[role]) for method, url, _, expected in table]
    if role != "moderator":
        scene["answer"].refresh_from_db()
        scene["thread"].refresh_from_db()
        scene["author"].refresh_from_db()
        assert not scene["answer"].is_hidden
        assert not scene["thread"].is_closed
        assert not scene["author"].is_suspended()
        assert SuspiciousVoting.objects.get().reviewed_at is None
        assert LogEntry.objects.count() == logged


@pytest.mark.parametrize("role", ROLES)
def test_moderators_decisions_take_no_get(client, scene, moderator, role):
    user = user_for(role)
    if user:
        client.force_login(user)
    for _method, url, _, expected in endpoints(scene, user=user, moderator=moderator):
        if expected is MODERATORS_DECISION:
            assert client.get(url).status_code == 405, url


@pytest.mark.parametrize(
    ("name", "args", "data", "message"),
    [
        ("decide", "post", {"decision": "restore", "reason": ""}, "Say why"),
        ("decide", "post", {"decision": "kittens"}, "Select a valid choice"),
        ("decide", "post", {"reason": "spam"}, "Choose a decision"),
        ("decide_many", None, {"decision": "dismiss"}, "Tick the posts to decide on"),
        ("decide_many", None, {"decision": "restore", "posts": "1"}, "Select a valid choice"),
        ("lock", "thread", {"reason": "no"}, "at least 3 characters"),
        ("close_as_duplicate", "thread", {"original": "thread"}, "Enter a whole number"),
        ("close_as_duplicate", "thread", {"original": "999999"}, "There is no thread number 999999"),
        ("suspend", "member", {"days": "365", "reason": "abuse"}, "Select a valid choice"),
        ("reverse_votes", "record", {}, "Say why"),
    ],
)
def test_a_moderators_bad_decision_form_is_shown_again_with_a_400(client, scene, moderator, name, args, data, message):
    target = {
        "post": scene["answer"].pk,
        "thread": scene["thread"].pk,
        "member": "author",
        "record": scene["record"].pk,
    }
    client.force_login(moderator)
    response = client.post(reverse(f"moderation:{name}", args=[target[args]] if args else []), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not LogEntry.objects.exists()


@pytest.mark.parametrize("group", ["Reps", "Leads"])
def test_reps_cannot_hide_edit_or_lock_a_members_critical_post(client, scene, group):
    rep = UserFactory(groups=[group])
    set_reputation(rep, forum_conf.PRIVILEGES["edit_others"])  # every reputation privilege
    client.force_login(rep)
    post, thread = scene["answer"], scene["thread"]
    edit = reverse("forum:edit_post", args=[post.pk])
    assert client.post(reverse("moderation:decide", args=[post.pk]), {"decision": "hide:off_topic"}).status_code == 403
    assert client.post(edit, {"body": "Brightwave is great!!"}).status_code == 403
    assert client.post(reverse("moderation:lock", args=[thread.pk]), {"reason": "no more"}).status_code == 403
    assert client.post(reverse("moderation:close_as_duplicate", args=[thread.pk]), {"original": 1}).status_code == 403
    # Endorsing the answer does not open a back door to rewriting it.
    assert client.post(reverse("forum:mark_official", args=[post.pk])).status_code == 302
    assert client.post(edit, {"body": "Brightwave is great!!"}).status_code == 403
    # Nor does flagging it: reps' flags reach the moderators and hide nothing (2,000 + 500).
    colleague = UserFactory(groups=[group])
    set_reputation(colleague, forum_conf.PRIVILEGES["trusted_flagger"])
    for flagger in (rep, colleague):
        client.force_login(flagger)
        flagged = client.post(reverse("moderation:flag", args=[post.pk]), {"reason": "abuse", "note": "rude"})
        assert flagged.status_code == 302
    post.refresh_from_db()
    thread.refresh_from_db()
    assert (post.is_hidden, post.body, thread.is_closed) == (False, "This is an answer that somebody flagged.", False)
    assert Flag.objects.filter(post=post, status=Flag.Status.OPEN).count() == 2
    assert not LogEntry.objects.exists()


def test_a_member_flags_from_the_form_and_a_bad_form_keeps_what_was_typed(client, scene):
    flagger = UserFactory()
    set_reputation(flagger, 50)
    client.force_login(flagger)
    url = reverse("moderation:flag", args=[scene["answer"].pk])
    response = client.post(url, {"reason": "other", "note": ""})
    assert response.status_code == 400
    assert "a note is needed" in response.content.decode()
    assert client.post(url, {"reason": "spam"}).status_code == 302
    assert Flag.objects.get().reason == "spam"


def test_after_a_hide_each_reader_sees_what_they_should(client, scene, moderator):
    post, author = scene["answer"], scene["author"]
    actions.hide_post(post=post, by=moderator, rule="abuse", reason="insults")
    url = scene["thread"].get_absolute_url()
    anonymous = client.get(url).content.decode()
    assert "Hidden by a moderator: abuse" in anonymous
    assert "somebody flagged" not in anonymous
    client.force_login(author)
    own = client.get(url).content.decode()
    assert "somebody flagged" in own
    assert "Ask for a review" in own
    client.force_login(UserFactory(groups=["Reps"]))
    assert "somebody flagged" not in client.get(url).content.decode()
    client.force_login(moderator)
    assert "somebody flagged" in client.get(url).content.decode()


def test_the_public_log_redacts_members_names_except_for_moderators(client, scene, moderator):
    actions.hide_post(post=scene["answer"], by=moderator, rule="spam")
    log = client.get(reverse("moderation:log")).content.decode()
    assert moderator.name in log
    assert "a member" in log
    assert scene["author"].name not in log
    client.force_login(moderator)
    assert scene["author"].name in client.get(reverse("moderation:log")).content.decode()


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def make_reports(count: int, moderator) -> None:
    """`count` of each kind the queue shows: flagged posts, review requests, serial-voting
    records and first looks (each also writing the log)."""
    for index in range(count):
        thread = make_thread(author=UserFactory(), title=f"Question number {index} about the hub")
        answer = make_answer(thread=thread, author=UserFactory(), body=f"Suspicious answer number {index} here.")
        for _ in range(2):
            flagger = UserFactory()
            set_reputation(flagger, 50)
            actions.flag_post(post=answer, flagger=flagger, reason="spam", note="advert")
        private = make_answer(thread=thread, author=UserFactory(), body=f"My account number is BW-{index:04}.")
        actions.flag_post(post=private, flagger=UserFactory(groups=["Reps"]), reason="personal_data")
        hidden = make_answer(thread=thread, author=UserFactory(), body=f"Hidden answer number {index} here.")
        actions.hide_post(post=hidden, by=moderator, rule="off_topic", reason=f"hidden {index}")
        actions.request_review(post=Post.objects.get(pk=hidden.pk), by=hidden.author, note=f"please {index}")
        SuspiciousVoting.objects.create(voter=UserFactory(), author=UserFactory(), vote_count=6 + index)
        make_answer(thread=thread, author=UserFactory(), body=f"New here: [my fix {index}](https://example.com/).")
        actions.lock_thread(thread=thread, by=moderator, reason=f"heated {index}")


def test_the_reports_grown_for_the_query_count_are_all_in_the_queue(client, moderator):
    make_reports(3, moderator)
    client.force_login(moderator)
    html = client.get("/moderation/").content.decode()
    assert html.count('data-testid="report"') == 6  # three flagged posts, three personal-data reports
    for testid in ("review-request", "voting-record", "first-look"):
        assert html.count(f'data-testid="{testid}"') == 3, testid


@pytest.mark.parametrize("url", ["/moderation/", "/moderation/log/"])
def test_moderation_pages_run_the_same_queries_for_3_and_20_reports(
    client, moderator, url, django_assert_num_queries, settings
):
    settings.PAGE_CACHE = False  # the page's own queries: kept parts would spare the second request some
    client.force_login(moderator)
    make_reports(3, moderator)
    few = count_queries(client, url)
    make_reports(17, moderator)
    with django_assert_num_queries(few):
        client.get(url)


def test_members_see_what_they_flagged_and_how_it_ended(client, scene, moderator):
    flagger = UserFactory()
    set_reputation(flagger, 50)
    actions.flag_post(post=scene["answer"], flagger=flagger, reason="spam")
    client.force_login(flagger)
    assert "Waiting for a moderator" in client.get(reverse("moderation:my_flags")).content.decode()
    actions.hide_post(post=scene["answer"], by=moderator, rule="spam")
    assert "Upheld" in client.get(reverse("moderation:my_flags")).content.decode()


def test_a_locked_thread_and_a_duplicate_show_what_happened_to_every_reader(client, scene, moderator):
    thread, other = scene["thread"], scene["other"]
    actions.close_as_duplicate(thread=thread, original=other, by=moderator)
    answer_form = f'action="{reverse("forum:answer", args=[thread.pk])}"'
    html = client.get(thread.get_absolute_url()).content.decode()
    assert "Closed as a duplicate of" in html
    assert f'<a href="{other.get_absolute_url()}">' in html
    assert answer_form not in html
    client.force_login(UserFactory())
    html = client.get(thread.get_absolute_url()).content.decode()  # the member's own page this time
    assert f'<a href="{other.get_absolute_url()}">' in html
    assert answer_form not in html
    assert "This thread is closed to new answers." in html
    assert client.post(reverse("forum:answer", args=[thread.pk]), {"body": "A late answer here."}).status_code == 403


READERS = ["anonymous", "author", "member", "rep", "moderator"]


def page_as(client, reader: str, scene, moderator, url: str) -> str:
    client.logout()
    users = {
        "author": scene["author"],
        "member": UserFactory(),
        "rep": UserFactory(groups=["Reps"]),
        "moderator": moderator,
    }
    if reader != "anonymous":
        client.force_login(users[reader])
    return client.get(url).content.decode()


@pytest.mark.parametrize("reader", READERS)
def test_after_each_decision_every_reader_sees_what_happened(client, scene, moderator, reader):
    post, thread, author = scene["answer"], scene["thread"], scene["author"]
    body = "This is an answer that somebody flagged."

    actions.hide_post(post=post, by=moderator, rule="personal_data")
    html = page_as(client, reader, scene, moderator, thread.get_absolute_url())
    assert "Hidden by a moderator: personal data" in html
    assert (body in html) is (reader in ("author", "moderator"))

    actions.restore_post(post=post, by=moderator, reason="no personal data after all")
    html = page_as(client, reader, scene, moderator, thread.get_absolute_url())
    assert body in html
    assert "Hidden by a moderator" not in html

    actions.lock_thread(thread=thread, by=moderator, reason="heated")
    html = page_as(client, reader, scene, moderator, thread.get_absolute_url())
    assert ">Locked<" in html
    assert ('action="/answer/' in html) is False
    assert ("Reopen" in html) is (reader == "moderator")

    actions.suspend_member(member=author, by=moderator, until=timezone.now() + timedelta(days=1), reason="abuse")
    html = page_as(client, reader, scene, moderator, author.get_absolute_url())
    assert ("Suspended until" in html) is (reader in ("author", "moderator"))

    page = page_as(client, reader, scene, moderator, reverse("moderation:log"))
    log = page[page.index("<tbody>") : page.index("</tbody>")]
    for action in ("hid", "restored", "locked", "suspended"):
        assert f"<td>{action}</td>" in log
    assert (author.name in log) is (reader == "moderator")
