"""The announcement form, the pin and banner pages, the list, and answering: what reps and
members see and send, bad input coming back as typed, and lists that cost the same however
long they are."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from taggit.models import Tag

from announcements import actions
from announcements.models import IncidentBanner, Pin
from forum.models import Post, Thread
from responses.models import QueueThread
from tests.factories import UserFactory, make_thread

pytestmark = pytest.mark.django_db

DAY = timedelta(days=1)

GOOD = {
    "title": "Broadband outage in the north region",
    "body": "Some hubs in the north region are offline since this morning; engineers are on site.",
    "tags": "outage wifi",
    "pin_for": "3",
    "banner_text": "",
    "banner_clears": "4",
}


@pytest.fixture(autouse=True)
def tags(db):
    for name in ("outage", "wifi"):
        Tag.objects.create(name=name, slug=name)


def errors_of(response) -> str:
    html = response.content.decode()
    return " ".join(part.split("</ul>", 1)[0] for part in html.split('<ul class="errorlist"')[1:])


# --- Posting -------------------------------------------------------------------------------


def test_a_rep_posts_an_announcement_pinned_for_three_days(rep_client, rep):
    before = timezone.now()
    response = rep_client.post("/announcements/new/", GOOD)
    thread = Thread.objects.get()
    assert response.status_code == 302
    assert response["Location"] == thread.get_absolute_url()
    assert (thread.kind, thread.author, thread.title) == (Thread.Kind.ANNOUNCEMENT, rep, GOOD["title"])
    assert sorted(thread.tags.names()) == ["outage", "wifi"]
    pin = Pin.objects.get(thread=thread)
    assert before + 3 * DAY <= pin.pinned_until <= timezone.now() + 3 * DAY
    assert not IncidentBanner.objects.exists()


def test_a_rep_posts_an_announcement_with_an_incident_banner_until_a_chosen_time(rep_client):
    clears = (timezone.now() + timedelta(hours=6)).replace(second=0, microsecond=0)
    data = {
        **GOOD,
        "pin_for": "",
        "banner_text": "Hubs in the north are offline",
        "banner_clears": "until",
        "banner_until": clears.strftime("%Y-%m-%dT%H:%M"),
    }
    response = rep_client.post("/announcements/new/", data, follow=True)
    thread = Thread.objects.get()
    banner = IncidentBanner.objects.get()
    assert (banner.thread, banner.text, banner.clears_at) == (thread, "Hubs in the north are offline", clears)
    assert not Pin.objects.exists()
    assert "with the incident banner on every page until" in response.content.decode()


def test_the_body_is_markdown_sanitised_like_any_post(rep_client):
    rep_client.post("/announcements/new/", {**GOOD, "body": "**Engineers** are on site. <script>alert(1)</script>"})
    question = Post.objects.get(is_question=True)
    assert "<strong>Engineers</strong>" in question.body_html
    assert "<script>" not in question.body_html


def test_the_form_offers_the_markdown_preview_and_the_tag_suggestions(rep_client):
    html = rep_client.get("/announcements/new/").content.decode()
    assert 'hx-post="/preview/"' in html
    assert 'hx-get="/tag-suggestions/"' in html


def test_a_double_click_posts_one_announcement_and_raises_one_banner(rep_client):
    data = {**GOOD, "banner_text": "Hubs in the north are offline", "banner_clears": "4"}
    rep_client.post("/announcements/new/", data)
    rep_client.post("/announcements/new/", data)
    assert Thread.objects.count() == 1
    assert IncidentBanner.objects.count() == 1


# --- Bad input -----------------------------------------------------------------------------


def test_a_mistake_in_the_announcement_form_keeps_everything_typed(rep_client):
    data = {
        **GOOD,
        "title": "Outage",
        "banner_text": "Hubs in the north are offline",
        "banner_clears": "until",
        "banner_until": "2001-01-01T10:00",
    }
    response = rep_client.post("/announcements/new/", data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "at least 15 characters" in errors_of(response)
    assert "That time has passed" in errors_of(response)
    assert 'value="Outage"' in html
    assert GOOD["body"] in html
    assert 'value="outage wifi"' in html
    assert 'value="Hubs in the north are offline"' in html
    assert 'value="2001-01-01T10:00"' in html
    assert '<option value="until" selected>' in html
    assert not Thread.objects.exists()


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"pin_for": "until", "pin_until": ""}, "Give the date and time the pin ends"),
        ({"pin_for": "until", "pin_until": "next tuesday"}, "Give a date and time such as"),
        ({"pin_for": "until", "pin_until": "2001-01-01T10:00"}, "That time has passed"),
        ({"pin_for": "forever"}, "Choose how long to pin from the list"),
        ({"banner_text": "Down", "banner_clears": "until", "banner_until": ""}, "Give the date and time the banner"),
        ({"banner_text": "x" * 201}, "Keep the banner under 200 characters"),
        ({"banner_text": "Down\nreally"}, "Keep this to one line"),
        ({"banner_text": "Down", "banner_clears": "never"}, "Choose when the banner clears from the list"),
        ({"tags": "Not A Tag!"}, "is not a usable tag"),
    ],
)
def test_the_announcement_form_refuses_with_a_clear_message(rep_client, data, error):
    response = rep_client.post("/announcements/new/", {**GOOD, **data})
    assert response.status_code == 400
    assert error in errors_of(response)
    assert not Thread.objects.exists()


def test_a_pin_or_banner_too_far_ahead_is_refused(rep_client):
    far = (timezone.now() + timedelta(days=120)).strftime("%Y-%m-%dT%H:%M")
    response = rep_client.post(
        "/announcements/new/",
        {**GOOD, "pin_for": "until", "pin_until": far, "banner_text": "Down", "banner_clears": "until"}
        | {"banner_until": far},
    )
    assert "at most 90 days from now" in errors_of(response)
    assert "at most 14 days from now" in errors_of(response)


def test_a_mistake_on_the_pin_page_comes_back_with_the_choice_made(rep_client, announce):
    thread = announce()
    data = {"pin_for": "until", "pin_until": "2001-01-01T10:00"}
    response = rep_client.post(f"/announcements/{thread.pk}/pin/", data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "That time has passed" in errors_of(response)
    assert '<option value="until" selected>' in html
    assert 'value="2001-01-01T10:00"' in html
    assert not Pin.objects.exists()


def test_the_pin_page_needs_a_length(rep_client, announce):
    thread = announce()
    response = rep_client.post(f"/announcements/{thread.pk}/pin/", {"pin_for": ""})
    assert response.status_code == 400
    assert "Choose how long to pin it" in errors_of(response)


def test_a_mistake_on_the_banner_page_keeps_the_words(rep_client, announce):
    thread = announce()
    response = rep_client.post(
        f"/announcements/{thread.pk}/banner/",
        {"banner_text": "Hubs in the north are offline", "banner_clears": "until", "banner_until": "soon"},
    )
    assert response.status_code == 400
    assert "Give a date and time such as" in errors_of(response)
    assert 'value="Hubs in the north are offline"' in response.content.decode()
    assert not IncidentBanner.objects.exists()


def test_the_banner_page_needs_its_words(rep_client, announce):
    thread = announce()
    response = rep_client.post(f"/announcements/{thread.pk}/banner/", {"banner_text": "  ", "banner_clears": "4"})
    assert response.status_code == 400
    assert "Write the banner" in errors_of(response)


# --- The controls on an announcement's page ------------------------------------------------


def test_the_controls_say_how_long_it_is_pinned_and_what_the_banner_says(rep_client, announce):
    thread = announce(pinned_for=DAY, banner="Hubs in the north are offline")
    html = rep_client.get(thread.get_absolute_url()).content.decode()
    controls = html.split('data-testid="announcement-controls"', 1)[1].split("</aside>", 1)[0]
    assert "Pinned" in controls
    assert f'action="/announcements/{thread.pk}/unpin/"' in controls
    assert "Hubs in the north are offline" in controls
    banner = IncidentBanner.objects.get()
    assert f'action="/announcements/banner/{banner.pk}/clear/"' in controls


def test_the_controls_of_another_announcement_say_a_new_banner_replaces_the_one_showing(rep_client, announce):
    announce(title="Outage in the north region today", banner="North is down")
    other = announce(title="Outage in the south region today")
    html = rep_client.get(other.get_absolute_url()).content.decode()
    assert "Raising one here replaces it" in html
    assert "/clear/" not in html


def test_pinning_from_the_thread_page_redirects_back_with_a_message(rep_client, announce):
    thread = announce()
    response = rep_client.post(f"/announcements/{thread.pk}/pin/", {"pin_for": "7"}, follow=True)
    assert response.redirect_chain[-1][0] == thread.get_absolute_url()
    assert "Pinned at the top of the lists until" in response.content.decode()


def test_unpinning_and_clearing_from_the_thread_page(rep_client, announce):
    thread = announce(pinned_for=DAY, banner="Hubs are down")
    banner = IncidentBanner.objects.get()
    assert "Unpinned" in rep_client.post(f"/announcements/{thread.pk}/unpin/", follow=True).content.decode()
    assert "is cleared" in rep_client.post(f"/announcements/banner/{banner.pk}/clear/", follow=True).content.decode()
    assert "was not pinned" in rep_client.post(f"/announcements/{thread.pk}/unpin/", follow=True).content.decode()
    cleared_again = rep_client.post(f"/announcements/banner/{banner.pk}/clear/", follow=True)
    assert "already cleared" in cleared_again.content.decode()


# --- Members answer ------------------------------------------------------------------------


def test_members_answer_an_announcement_like_any_thread(client, member, announce):
    thread = announce()
    client.force_login(member)
    assert 'action="/answer/' in client.get(thread.get_absolute_url()).content.decode()
    response = client.post(f"/answer/{thread.pk}/", {"body": "Same here in Ashby since 7 this morning."})
    assert response.status_code == 302
    thread.refresh_from_db()
    assert thread.answer_count == 1
    assert "Same here in Ashby" in client.get(thread.get_absolute_url()).content.decode()


def test_an_announcement_never_waits_in_the_official_queue(announce):
    thread = announce(now=timezone.now() - 3 * DAY)
    assert not QueueThread.objects.awaiting_official().filter(pk=thread.pk).exists()


# --- The list ------------------------------------------------------------------------------


def test_the_list_is_newest_first_and_marks_the_pinned_ones(client, announce):
    now = timezone.now()
    announce(title="Older announcement about the hubs", now=now - DAY)
    announce(title="Newer announcement about the hubs", pinned_for=DAY, now=now)
    make_thread(author=UserFactory(), title="A question, not an announcement")
    html = client.get("/announcements/").content.decode()
    assert html.index("Newer announcement") < html.index("Older announcement")
    assert "A question, not an announcement" not in html
    rows = html.split('<li class="thread-row')[1:]
    assert ['data-testid="pinned"' in row for row in rows] == [True, False]


def test_the_list_does_not_mark_a_pin_past_its_time(client, announce):
    announce(pinned_for=DAY, now=timezone.now() - 2 * DAY)
    assert 'data-testid="pinned"' not in client.get("/announcements/").content.decode()


def test_the_list_is_paginated(client, announce, settings):
    settings.THREADS_PER_PAGE = 2
    now = timezone.now()
    for index in range(3):
        announce(title=f"Announcement number {index} about the hubs", now=now - timedelta(hours=index))
    first = client.get("/announcements/").content.decode()
    second = client.get("/announcements/?page=2").content.decode()
    assert "Announcement number 0" in first
    assert "Announcement number 2" not in first
    assert 'rel="next"' in first
    assert "Announcement number 2" in second


QUERIES_ON_ANNOUNCEMENT_LIST = 4  # the page's ids; those threads with their live pins; their tags; the banner


@pytest.mark.parametrize("count", [3, 30])
def test_the_list_runs_the_same_queries_for_few_and_many(client, rep, settings, count, django_assert_num_queries):
    settings.PAGE_CACHE = False  # the page's own queries, without the cache's
    now = timezone.now()
    for index in range(count):
        thread = actions.post_announcement(
            author=rep,
            title=f"Announcement number {index} about the hubs",
            body="Engineers are on site and the hubs will be back soon.",
            tags=["outage", "wifi"],
            now=now - timedelta(minutes=index),
        )
        if index % 2:
            actions.pin_announcement(thread=thread, until=now + DAY, by=rep, now=now)
    actions.raise_banner(thread=thread, text="Hubs are down", clears_at=now + DAY, by=rep, now=now)
    with django_assert_num_queries(QUERIES_ON_ANNOUNCEMENT_LIST):
        response = client.get("/announcements/")
    assert response.content.decode().count('<li class="thread-row') == count


def test_the_pinned_block_and_the_banner_cost_the_same_for_one_pin_or_many(client, rep, settings):
    settings.PAGE_CACHE = False  # the page's own queries, without the cache's
    now = timezone.now()

    def post(index: int) -> Thread:
        return actions.post_announcement(
            author=rep,
            title=f"Announcement number {index} about the hubs",
            body="Engineers are on site and the hubs will be back soon.",
            tags=["outage"],
            pinned_until=now + DAY,
            now=now - timedelta(minutes=index),
        )

    actions.raise_banner(thread=post(0), text="Hubs are down", clears_at=now + DAY, by=rep, now=now)
    few = {url: count_queries(client, url) for url in ("/", "/tags/outage/")}
    for index in range(1, 6):
        post(index)
    assert {url: count_queries(client, url) for url in ("/", "/tags/outage/")} == few


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)
