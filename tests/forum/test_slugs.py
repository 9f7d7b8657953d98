"""A thread's address follows its title (issue 24): a phone number edited out of a title,
and redacted from its history, is gone from every link, the API and webhook payloads too;
the old address still leads to the thread."""

import importlib
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection
from django.urls import reverse

from forum import actions
from forum.models import Notification, Thread
from tests.factories import UserFactory, make_answer, make_thread
from webhooks import actions as webhook_actions
from webhooks.models import Delivery

pytestmark = pytest.mark.django_db

PHONE = "07700 900123"
DIGITS = "07700-900123"  # how slugify writes it
TITLE = f"Hub drops every evening call me on {PHONE}"
EDITED = "Hub drops every evening"


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    settings.PAGE_CACHE = False


@pytest.fixture
def asker(db):
    return UserFactory(username="asker")


@pytest.fixture
def thread(asker):
    return make_thread(author=asker, title=TITLE)


def edit_title(thread: Thread, title: str = EDITED) -> Thread:
    question = thread.posts.get(is_question=True)
    actions.edit_post(post=question, editor=thread.author, body=question.body, title=title)
    return Thread.objects.get(pk=thread.pk)


def test_a_new_thread_has_its_title_in_its_address(thread):
    assert DIGITS in thread.get_absolute_url()


def test_editing_the_title_rebuilds_the_address(thread):
    edited = edit_title(thread)
    assert edited.slug == "hub-drops-every-evening"
    assert edited.get_absolute_url() == f"/t/{thread.pk}/hub-drops-every-evening/"


def test_the_old_address_redirects_permanently_to_the_new_one(client, thread):
    old = thread.get_absolute_url()
    edited = edit_title(thread)
    response = client.get(old)
    assert response.status_code == 301
    assert response["Location"] == edited.get_absolute_url()
    assert client.get(response["Location"]).status_code == 200


def test_a_title_changed_only_in_case_keeps_its_address(thread):
    edited = edit_title(thread, TITLE.upper())
    assert edited.slug == thread.slug


def test_no_list_search_or_page_links_to_the_edited_out_number_any_more(client, thread):
    edit_title(thread)
    pages = [
        reverse("forum:home"),
        reverse("forum:search") + "?q=evening",
        reverse("forum:tag", args=["wifi"]),
        Thread.objects.get(pk=thread.pk).get_absolute_url(),
    ]
    for page in pages:
        html = client.get(page).content.decode()
        assert f"/t/{thread.pk}/hub-drops-every-evening/" in html, page
        assert DIGITS not in html, page
        assert PHONE not in html, page


def test_the_api_url_follows_the_edited_title(client, thread):
    edit_title(thread)
    data = client.get(reverse("api:thread", args=[thread.pk])).json()
    assert data["url"].endswith(f"/t/{thread.pk}/hub-drops-every-evening/")
    assert DIGITS not in str(data)


def test_a_webhook_payload_after_the_edit_holds_the_new_address(settings, thread, asker):
    settings.WEBHOOKS_REQUIRE_HTTPS, settings.WEBHOOKS_ALLOW_LOOPBACK = False, True
    webhook_actions.create_subscription(url="http://127.0.0.1:9/hook", events=["thread.solved"], by=asker)
    edit_title(thread)
    answer = make_answer(thread=thread, author=UserFactory())
    actions.accept_answer(post=answer, by=asker)
    payload = Delivery.objects.get().payload
    assert payload["thread"]["url"].endswith(f"/t/{thread.pk}/hub-drops-every-evening/")
    assert DIGITS not in str(payload)
    assert PHONE not in str(payload)


def test_notifications_that_linked_to_the_old_address_link_to_the_new_one(thread):
    reader = UserFactory()
    old = thread.get_absolute_url()
    other = make_thread(author=reader, title="Another thread about evenings")
    Notification.objects.create(recipient=reader, text="Reminder", url=old, thread=thread)
    Notification.objects.create(recipient=reader, text="Elsewhere", url=other.get_absolute_url(), thread=other)
    Notification.objects.create(recipient=reader, text="An answer", url=f"/t/{thread.pk}/#post-9", thread=thread)
    edit_title(thread)
    urls = set(Notification.objects.filter(recipient=reader).values_list("url", flat=True))
    assert urls == {f"/t/{thread.pk}/hub-drops-every-evening/", other.get_absolute_url(), f"/t/{thread.pk}/#post-9"}


def test_redacting_the_old_title_leaves_no_trace_in_history_or_address(client, thread, asker):
    edited = edit_title(thread)
    first = edited.posts.get(is_question=True).revisions.get(number=1)
    actions.redact_revision(revision=first, by=asker)
    html = client.get(reverse("forum:revisions", args=[first.post_id])).content.decode()
    assert PHONE not in html
    assert DIGITS not in html
    assert DIGITS not in Thread.objects.get(pk=thread.pk).get_absolute_url()


def test_redacting_rebuilds_an_address_left_over_from_before_titles_moved_it(thread, asker):
    """A thread whose title was edited before addresses followed titles keeps its old slug
    until the migration (or a redaction) rebuilds it."""
    edited = edit_title(thread)
    Thread.objects.filter(pk=thread.pk).update(slug=thread.slug)  # as such threads are today
    first = edited.posts.get(is_question=True).revisions.get(number=1)
    actions.redact_revision(revision=first, by=asker)
    assert Thread.objects.get(pk=thread.pk).slug == "hub-drops-every-evening"


def _rebuild_migration():
    """The data migration, found by its name whatever number it is given when merged."""
    (path,) = Path(__file__).resolve().parents[2].glob("forum/migrations/*_i24_forum_rebuild_slugs.py")
    return importlib.import_module(f"forum.migrations.{path.stem}")


def test_the_migration_rebuilds_every_address_left_behind_by_an_edited_title(thread):
    stale = edit_title(thread)
    Thread.objects.filter(pk=thread.pk).update(slug=thread.slug)
    untouched = make_thread(author=UserFactory(), title="Router lights blink orange")
    unicode_only = make_thread(author=UserFactory(), title="Ωμέγα")
    reader = UserFactory()
    Notification.objects.create(recipient=reader, text="Reminder", url=thread.get_absolute_url(), thread=thread)

    _rebuild_migration().rebuild_slugs(apps, SimpleNamespace(connection=connection))

    assert Thread.objects.get(pk=stale.pk).slug == "hub-drops-every-evening"
    assert Thread.objects.get(pk=untouched.pk).slug == "router-lights-blink-orange"
    assert Thread.objects.get(pk=unicode_only.pk).slug == "thread"
    assert Notification.objects.get(recipient=reader).url == f"/t/{thread.pk}/hub-drops-every-evening/"
