"""The XSS corpus (tests/xss_corpus.py) through every place user text is shown, without a
browser: each page is rendered as the role that sees it and parsed for anything executable.
The browser test (tests/e2e/test_xss_corpus_in_browser.py) loads the same pages in Chromium.

Seeding the corpus costs seconds, so one test seeds it once and walks every place."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils.html import escape
from markdown_it import MarkdownIt

from forum.forms import TAG_NAME, QuestionForm
from forum.markdown import render_markdown
from forum.models import Notification
from forum.notifications import send_notification_emails
from moderation.models import ReviewRequest
from responses import actions as response_actions
from responses.models import QueueDismissal
from tests.xss_corpus import PAYLOADS, chunks, executables_in, pages_of, seed_everywhere


def test_the_corpus_holds_at_least_150_distinct_payloads():
    assert len(set(PAYLOADS)) == len(PAYLOADS) >= 150


def test_the_detector_finds_what_it_is_meant_to_find():
    # A detector that finds nothing would pass every test below.
    page = (
        '<img src=x onerror="__xss(1)"><a href=" javascript:x">x</a><script>x</script>'
        '<script src="/static/app.js"></script><iframe srcdoc="x"></iframe>'
        '<meta http-equiv="Refresh" content="0"><a href="data:text/html,x">x</a>'
    )
    assert len(executables_in(page)) == 7  # the iframe counts twice: itself and its srcdoc
    assert executables_in('<a href="https://ok.example" title="onerror=x">onclick=x</a>') == []


def test_without_the_sanitiser_most_payloads_would_be_executable():
    # The corpus is hostile and the detector sees it: Markdown with raw HTML on, nothing
    # cleaned, lets 116 of the 212 through (the rest are Markdown's own link checks or text).
    unsafe = MarkdownIt("commonmark", {"html": True})
    assert sum(1 for payload in PAYLOADS if executables_in(unsafe.render(payload))) >= 100


def test_each_payload_alone_renders_to_nothing_executable():
    # Alone, so that no payload is made harmless by its neighbour on a shared page.
    for payload in PAYLOADS:
        assert executables_in(render_markdown(payload)) == [], payload


@pytest.mark.django_db
def test_payload_tags_are_refused_or_are_plain_slugs(client, member):
    for payload in PAYLOADS:
        form = QuestionForm(
            {"title": "A question, tagged", "body": "Long enough a body.", "tags": payload}, can_create_tags=True
        )
        if form.is_valid():
            assert all(TAG_NAME.fullmatch(name) for name in form.cleaned_data["tags"]), payload
        else:
            assert "tags" in form.errors, payload
    # A NUL character, which some payloads hold, is refused by every form before it is stored.
    nul = next(payload for payload in PAYLOADS if "\x00" in payload)
    assert not QuestionForm({"title": "A title with NUL", "body": nul + " long enough", "tags": "wifi"}).is_valid()
    # The refusal is shown on the ask page, quoting the tag: escaped.
    client.force_login(member)
    response = client.post(
        reverse("forum:ask"),
        {"title": "A question with a hostile tag", "body": "Long enough a body for the form.", "tags": PAYLOADS[10]},
    )
    assert "is not a usable tag" in response.content.decode()
    assert executables_in(response.content.decode()) == []


@pytest.mark.django_db
def test_what_a_member_types_and_sees_echoed_back_is_never_executable(client, member):
    # The pages that show a member's own input at once: preview, similar titles, search,
    # tag suggestions. Reflected, so no seeding; the payloads packed as each field holds them.
    client.force_login(member)
    responses = [client.post(reverse("forum:preview"), {"body": "\n\n".join(PAYLOADS)})]
    responses += [client.get(reverse("forum:similar_threads"), {"title": text}) for text in chunks(PAYLOADS, limit=150)]
    # A search costs a query per term on SQLite: every ninth box-full of the corpus.
    responses += [client.get(reverse("forum:search"), {"q": text}) for text in chunks(PAYLOADS, limit=200)[::9]]
    responses += [client.get(reverse("forum:tag_suggestions"), {"tags": text}) for text in chunks(PAYLOADS, limit=200)]
    for response in responses:
        assert response.status_code in (200, 400), response.request
        assert executables_in(response.content.decode()) == [], response.request


@pytest.mark.django_db
def test_every_place_that_shows_the_corpus_shows_nothing_executable(client, settings):
    settings.THREADS_PER_PAGE = 100  # every seeded thread and notification on one page
    seeded = seed_everywhere(PAYLOADS)

    shown = {}
    for place, path, viewer in pages_of(seeded):
        client.logout()
        if viewer is not None:
            client.force_login(viewer)
        response = client.get(path)
        shown[place] = html = response.content.decode()
        assert response.status_code == 200, (place, path)
        assert executables_in(html) == [], (place, path)
        assert "xss" in html.lower(), (place, path)  # the page shows the seeded text

    # The thread shows every payload's marker; the reports page every review request.
    assert all(f"xssprobe {index}" in shown["post bodies, display names"] for index in range(len(PAYLOADS)))
    notes = ReviewRequest.objects.values_list("note", flat=True)
    assert len(notes) == len(seeded.threads)
    assert all(escape(note.splitlines()[0]) in shown["flag notes"] for note in notes)

    # The profiles whose bios hold the corpus.
    client.logout()
    for author in seeded.authors:
        if author.bio:
            html = client.get(author.get_absolute_url()).content.decode()
            assert "profile__bio" in html
            assert executables_in(html) == [], author.bio

    # Every admin changelist page of the users (100 a page).
    client.force_login(seeded.admin)
    for page in range(len(seeded.authors) // 100 + 1):
        html = client.get(f"/admin/accounts/user/?p={page + 1}").content.decode()
        assert executables_in(html) == []

    # The queue shows the latest 20 dismissals: put them back twenty at a time to see all.
    client.force_login(seeded.lead)
    seen = 0
    while QueueDismissal.objects.exists():
        html = client.get(reverse("responses:official_queue") + "?show=all").content.decode()
        assert executables_in(html) == []
        shown = list(QueueDismissal.objects.order_by("-dismissed_at", "-pk")[:20])
        assert all(f'href="{dismissal.thread.get_absolute_url()}"' in html for dismissal in shown)
        for dismissal in shown:
            response_actions.undismiss_thread(thread=dismissal.thread, by=seeded.lead)
        seen += len(shown)
    assert seen == len(seeded.threads)

    # Emails: plain text only, one-line subjects, the names as typed (not HTML-escaped).
    mail.outbox.clear()
    send_notification_emails(notification_ids=list(Notification.objects.values_list("pk", flat=True)))
    assert len(mail.outbox) >= len(seeded.threads)
    for message in mail.outbox:
        assert message.content_subtype == "plain"
        assert getattr(message, "alternatives", []) == []  # no text/html part at all
        assert "\n" not in message.subject
    bodies = "\n".join(message.subject + message.body for message in mail.outbox)
    assert "<" in bodies  # the names and titles as typed...
    assert "&lt;" not in bodies  # ...not HTML-escaped into noise
