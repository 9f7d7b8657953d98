"""Templates read single sources: form fields take their limits, help and errors from the
form (templates/_field.html), the queue's formula from QUEUE_PRIORITY_WEIGHTS, and the
dashboard chart its colours from the stylesheet."""

import re
from datetime import timedelta
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.urls import reverse
from django.utils import timezone

from accounts.views import SettingsForm
from forum.forms import AskForm
from forum.validation import ANSWER_BODY, QUESTION_BODY, TITLE
from responses import jobs
from responses.models import QueueWeights
from responses.usecases import DISMISS_REASON
from tests.factories import UserFactory, make_thread

pytestmark = pytest.mark.django_db

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Element:
    def __init__(self, tag: str, attrs: dict[str, str | None]) -> None:
        self.tag, self.attrs, self.text = tag, attrs, ""


class ElementsById(HTMLParser):
    """Every element with an id: its tag, attributes and text (its children's included)."""

    def __init__(self) -> None:
        super().__init__()
        self.by_id: dict[str, Element] = {}
        self.all_ids: list[str] = []
        self.open: list[Element | None] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, dict(attrs))
        if "id" in element.attrs:
            self.by_id[element.attrs["id"]] = element
            self.all_ids.append(element.attrs["id"])
        if tag not in VOID:
            self.open.append(element)

    def handle_endtag(self, tag: str) -> None:
        while self.open:
            if self.open.pop().tag == tag:
                break

    def handle_data(self, data: str) -> None:
        for element in self.open:
            element.text += data


def elements(response) -> ElementsById:
    parser = ElementsById()
    parser.feed(response.content.decode())
    return parser


def described_by(page: ElementsById, element: Element) -> str:
    """The text of every element the input names in aria-describedby; each must exist."""
    ids = (element.attrs.get("aria-describedby") or "").split()
    missing = [id_ for id_ in ids if id_ not in page.by_id]
    assert not missing, f"aria-describedby names missing elements: {missing}"
    return " ".join(page.by_id[id_].text for id_ in ids)


@pytest.fixture
def queued_threads(db):
    """Two threads overdue for an official reply."""
    now = timezone.now()
    threads = [
        make_thread(author=UserFactory(), title=f"Charged twice on the bill, case {n}", now=now - timedelta(hours=3))
        for n in range(2)
    ]
    jobs.mark_overdue_threads(now=now)
    return threads


def test_an_invalid_question_marks_the_title_invalid_and_describes_it_with_the_error(client, member):
    client.force_login(member)
    response = client.post("/ask/", {"title": "Too short", "body": "", "tags": ""})
    assert response.status_code == 400
    page = elements(response)
    title = page.by_id["id_title"]
    assert title.attrs.get("aria-invalid") == "true"
    assert "at least 15 characters" in described_by(page, title)
    assert AskForm.base_fields["title"].help_text in described_by(page, title)


def test_a_field_without_errors_is_not_marked_invalid_and_is_described_by_its_help(client, member):
    client.force_login(member)
    page = elements(client.get("/ask/"))
    title = page.by_id["id_title"]
    assert "aria-invalid" not in title.attrs
    assert described_by(page, title).startswith(AskForm.base_fields["title"].help_text)


def test_the_ask_form_inputs_take_their_length_limits_from_the_use_case_s_rules(client, member):
    """The rules are the use case's (forum/validation.py); the form shows them to the browser."""
    client.force_login(member)
    page = elements(client.get("/ask/"))
    assert int(page.by_id["id_title"].attrs["maxlength"]) == TITLE.max
    assert int(page.by_id["id_title"].attrs["minlength"]) == TITLE.min
    assert int(page.by_id["id_body"].attrs["maxlength"]) == QUESTION_BODY.max
    assert int(page.by_id["id_body"].attrs["minlength"]) == QUESTION_BODY.min
    assert int(page.by_id["id_tags"].attrs["maxlength"]) == AskForm.base_fields["tags"].max_length
    assert all("required" in page.by_id[f"id_{name}"].attrs for name in ("title", "body", "tags"))


def test_the_markdown_field_keeps_its_live_preview(client, member):
    client.force_login(member)
    page = elements(client.get("/ask/"))
    body = page.by_id["id_body"]
    assert body.tag == "textarea"
    assert body.attrs["hx-post"] == reverse("forum:preview")
    assert body.attrs["hx-target"] == "#id_body-preview"
    assert page.by_id["id_body-preview"].attrs["data-testid"] == "preview"


def test_an_invalid_answer_is_marked_invalid_on_the_thread_page(client, member):
    thread = make_thread(author=UserFactory())
    client.force_login(member)
    response = client.post(reverse("forum:answer", args=[thread.pk]), {"body": "Too short"})
    assert response.status_code == 400
    page = elements(response)
    body = page.by_id["id_body"]
    assert body.attrs.get("aria-invalid") == "true"
    assert "Say a little more" in described_by(page, body)


def test_settings_fields_take_their_limits_and_help_from_the_form(client, member):
    client.force_login(member)
    page = elements(client.get(reverse("accounts:settings")))
    fields = SettingsForm.base_fields
    assert int(page.by_id["id_display_name"].attrs["maxlength"]) == fields["display_name"].max_length
    assert int(page.by_id["id_bio"].attrs["maxlength"]) == fields["bio"].max_length
    notifications = page.by_id["id_email_notifications"]
    assert notifications.attrs["type"] == "checkbox"
    assert described_by(page, notifications) == fields["email_notifications"].help_text


def test_an_invalid_dismissal_marks_the_reason_invalid_and_a_fresh_one_does_not(client, rep, queued_threads):
    client.force_login(rep)
    queue = elements(client.get("/official/"))
    fresh = queue.by_id[f"id_reason-{queued_threads[0].pk}"]
    assert "aria-invalid" not in fresh.attrs

    response = client.post(reverse("responses:dismiss", args=[queued_threads[0].pk]), {"reason": "no"})
    assert response.status_code == 400
    page = elements(response)
    reason = page.by_id["id_reason"]
    assert reason.attrs.get("aria-invalid") == "true"
    assert "Say a little more" in described_by(page, reason)


def test_the_queue_rows_take_their_limits_from_the_forms_and_keep_ids_unique(client, rep, queued_threads):
    client.force_login(rep)
    response = client.get("/official/")
    page = elements(response)
    assert len(page.all_ids) == len(set(page.all_ids))
    for thread in queued_threads:
        reply = page.by_id[f"id_body-{thread.pk}"]
        assert int(reply.attrs["maxlength"]) == ANSWER_BODY.max
        assert int(reply.attrs["minlength"]) == ANSWER_BODY.min
        assert "required" in reply.attrs
        reason = page.by_id[f"id_reason-{thread.pk}"]
        assert int(reason.attrs["maxlength"]) == DISMISS_REASON.max
        assert int(reason.attrs["minlength"]) == DISMISS_REASON.min
        assert f'<label for="id_body-{thread.pk}">Official reply</label>' in response.content.decode()


def test_the_leads_weights_are_the_ones_the_queue_page_explains(client, rep):
    QueueWeights.objects.create(pk=1, heat_weight=7, velocity_weight=9, spike_me_toos=5, spike_minutes=30)
    client.force_login(rep)
    html = client.get("/official/").content.decode()
    assert "Heat: up to 7 points" in html
    assert "Velocity: up to 9 points" in html
    assert "<summary>How is this ordered?</summary>" in html


def test_the_dashboard_chart_takes_its_colours_from_css_classes(client):
    make_thread(author=UserFactory(), now=timezone.now() - timedelta(days=1))
    client.force_login(UserFactory(groups=["Leads"]))
    response = client.get("/dashboard/")
    assert response.status_code == 200
    svg = re.search(r'<svg[^>]*role="img".*?</svg>', response.content.decode(), re.S).group(0)  # not the header's icon
    for presentation in ("fill=", "stroke=", "style=", "font-size=", "color="):
        assert presentation not in svg
    for name in ("chart__bar", "chart__grid", "chart__axis", "chart__tick", "chart__axis-label"):
        assert f'class="{name}"' in svg
    assert '<title id="chart-title">' in svg
    assert '<desc id="chart-desc">' in svg
    stylesheet = (Path(django_settings.BASE_DIR) / "static" / "css" / "site.css").read_text()
    assert re.search(r"\.chart__bar\s*\{[^}]*fill:", stylesheet)
