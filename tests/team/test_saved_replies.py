"""Saved replies (issue 27): leads keep official-reply templates per tag; a rep inserts one
into a thread's answer box, filled in with the asker's name and the title, to edit first."""

import pytest
from django.urls import reverse
from taggit.models import Tag

from team import saved_replies
from team.models import SavedReply, TeamChange
from tests.factories import UserFactory, make_thread

pytestmark = pytest.mark.django_db

BODY = "Hello {asker}, thank you for asking about “{title}”. Restart the hub from the app first."


@pytest.fixture
def wifi_thread(db):
    return make_thread(author=UserFactory(display_name="Nina"), title="The hub drops the line every evening")


@pytest.fixture
def saved(wifi_thread, lead, client):
    client.force_login(lead)
    response = client.post(
        reverse("team:saved_replies"), {"name": "Restart first", "tag": Tag.objects.get(slug="wifi").pk, "body": BODY}
    )
    assert response.status_code == 302
    client.logout()
    return SavedReply.objects.get()


def test_a_rep_inserts_a_saved_reply_filled_in_and_edits_it_before_posting(client, saved, wifi_thread, rep):
    client.force_login(rep)
    page = client.get(wifi_thread.get_absolute_url()).content.decode()
    assert 'data-testid="saved-replies"' in page
    assert f'<option value="{saved.pk}">Restart first (wifi)</option>' in page
    response = client.get(reverse("team:use_saved_reply", args=[wifi_thread.pk]) + f"?reply={saved.pk}")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Hello Nina, thank you for asking about “The hub drops the line every evening”." in html
    assert "{asker}" not in html
    assert not wifi_thread.posts.filter(author=rep).exists()  # nothing is posted by inserting


def test_a_saved_reply_for_one_tag_is_not_offered_on_another_and_one_for_every_thread_is(client, saved, rep, lead):
    billing = make_thread(author=UserFactory(), title="Charged twice for November", tags=("billing",))
    client.force_login(rep)
    assert 'data-testid="saved-replies"' not in client.get(billing.get_absolute_url()).content.decode()
    assert client.get(reverse("team:use_saved_reply", args=[billing.pk]) + f"?reply={saved.pk}").status_code == 404
    saved_replies.save_reply(reply=None, by=lead, name="Thanks for waiting", tag=None, body="Thanks, {asker}.")
    assert "Thanks for waiting" in client.get(billing.get_absolute_url()).content.decode()


def test_members_and_reps_cannot_keep_the_library_and_members_cannot_insert(client, saved, wifi_thread, rep):
    member = UserFactory()
    client.force_login(member)
    assert 'data-testid="saved-replies"' not in client.get(wifi_thread.get_absolute_url()).content.decode()
    use = reverse("team:use_saved_reply", args=[wifi_thread.pk]) + f"?reply={saved.pk}"
    assert client.get(use).status_code == 403
    for who in (member, rep):
        client.force_login(who)
        assert client.get(reverse("team:saved_replies")).status_code == 403
        data = {"name": "Mine", "body": "A reply of my own making."}
        assert client.post(reverse("team:saved_replies"), data).status_code == 403
    assert SavedReply.objects.count() == 1


def test_a_lead_edits_and_deletes_only_with_a_confirmation_and_the_log_says_so(client, saved, lead):
    client.force_login(lead)
    edited = {"name": "Restart it first", "tag": "", "body": BODY}
    assert client.post(reverse("team:edit_saved_reply", args=[saved.pk]), edited).status_code == 302
    saved.refresh_from_db()
    assert (saved.name, saved.tag) == ("Restart it first", None)
    refused = client.post(reverse("team:delete_saved_reply", args=[saved.pk]), {})
    assert refused.status_code == 400
    assert "Tick the box to confirm" in refused.content.decode()
    assert SavedReply.objects.exists()
    assert client.post(reverse("team:delete_saved_reply", args=[saved.pk]), {"confirm": "on"}).status_code == 302
    assert not SavedReply.objects.exists()
    actions = list(TeamChange.objects.order_by("pk").values_list("action", flat=True))
    assert actions[-3:] == ["save_reply", "save_reply", "delete_reply"]


def test_a_bad_saved_reply_comes_back_with_what_was_typed(client, lead):
    client.force_login(lead)
    response = client.post(reverse("team:saved_replies"), {"name": "", "body": "Too short"})
    assert response.status_code == 400
    assert "Too short" in response.content.decode()
    assert not SavedReply.objects.exists()
