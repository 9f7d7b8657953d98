"""A rep gives an idea a status with a public note: the history keeps every change in order,
and the idea's followers hear of each change once; the same status again changes nothing."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from forum import actions as forum_actions
from forum.models import Notification
from ideas.actions import set_idea_status
from ideas.models import Idea, IdeaStatusChange
from tests.factories import UserFactory, make_answer

pytestmark = pytest.mark.django_db


def notifications_of(user) -> list[str]:
    return list(Notification.objects.filter(recipient=user).order_by("pk").values_list("text", flat=True))


def test_each_status_change_is_kept_in_order_with_who_when_and_the_note(idea, rep, lead):
    start = timezone.now()
    set_idea_status(idea=idea, status="under_review", note="Looking at it.", by=rep, now=start)
    set_idea_status(idea=idea, status="planned", note="In the spring release.", by=lead, now=start + timedelta(days=3))
    set_idea_status(idea=idea, status="in_progress", note="Started.", by=rep, now=start + timedelta(days=40))
    history = list(IdeaStatusChange.objects.filter(idea=idea).values_list("previous_status", "status", "changed_by"))
    assert history == [
        ("open", "under_review", rep.pk),
        ("under_review", "planned", lead.pk),
        ("planned", "in_progress", rep.pk),
    ]
    idea.refresh_from_db()
    assert (idea.status, idea.status_changed_at) == ("in_progress", start + timedelta(days=40))


def test_every_follower_hears_of_each_change_once_and_the_rep_who_made_it_does_not(idea, rep):
    follower, answerer = UserFactory(), UserFactory()
    forum_actions.follow_thread(user=follower, thread=idea.thread)
    forum_actions.follow_thread(user=rep, thread=idea.thread)
    make_answer(thread=idea.thread, author=answerer, body="Yes please, my eyes hurt at night.")  # follows it
    Notification.objects.all().delete()

    set_idea_status(idea=idea, status="planned", note="In the spring release.", by=rep)
    set_idea_status(idea=idea, status="done", note="Out today in version 4.2.", by=rep)

    expected = [
        f"The idea “{idea.thread.title}” is planned",
        f"The idea “{idea.thread.title}” is done",
    ]
    for person in (follower, answerer, idea.thread.author):
        assert notifications_of(person) == expected
    assert notifications_of(rep) == []
    done = Notification.objects.filter(recipient=follower).order_by("pk").last()
    assert done.details == "Out today in version 4.2."
    assert done.url == idea.thread.get_absolute_url()


def test_the_same_status_twice_changes_nothing_and_tells_nobody(idea, rep):
    set_idea_status(idea=idea, status="planned", note="In the spring release.", by=rep)
    count = Notification.objects.count()
    assert set_idea_status(idea=idea, status="planned", note="Still planned, honest.", by=rep) is None
    assert IdeaStatusChange.objects.count() == 1
    assert Notification.objects.count() == count


def test_the_same_status_twice_reads_the_idea_and_writes_nothing(idea, rep, django_assert_num_queries):
    set_idea_status(idea=idea, status="planned", note="In the spring release.", by=rep)
    with django_assert_num_queries(3):  # savepoint, the locked idea, release
        set_idea_status(idea=idea, status="planned", note="Still planned.", by=rep)


def test_the_public_note_is_markdown_rendered_and_sanitised(idea, rep):
    note = "We **will** build it. <script>alert(1)</script> [docs](javascript:alert(1))"
    change = set_idea_status(idea=idea, status="planned", note=note, by=rep)
    assert "<strong>will</strong>" in change.note_html
    assert "<script>" not in change.note_html
    assert 'href="javascript' not in change.note_html
    assert change.note == note


def test_the_history_is_append_only(idea, rep):
    change = set_idea_status(idea=idea, status="planned", note="In the spring release.", by=rep)
    with pytest.raises(TypeError):
        change.save()
    with pytest.raises(TypeError):
        IdeaStatusChange.objects.update(note="rewritten")
    with pytest.raises(TypeError):
        IdeaStatusChange.objects.all().delete()


def test_a_rep_sets_the_status_from_the_idea_s_panel_and_sees_it_said(client, idea, rep):
    client.force_login(rep)
    response = client.post(
        reverse("ideas:set_status", args=[idea.pk]), {"status": "declined", "note": "It would break the old hubs."}
    )
    assert response["Location"] == idea.thread.get_absolute_url()
    html = client.get(response["Location"]).content.decode()
    assert "The idea is now declined; its followers are told." in html
    assert "It would break the old hubs." in html


def test_setting_the_status_it_already_has_says_nothing_changed(client, idea, rep):
    set_idea_status(idea=idea, status="planned", note="In the spring release.", by=rep)
    client.force_login(rep)
    response = client.post(
        reverse("ideas:set_status", args=[idea.pk]), {"status": "planned", "note": "Planned, still."}, follow=True
    )
    assert "Nothing changed: the idea is already planned." in response.content.decode()
    assert IdeaStatusChange.objects.count() == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"status": "", "note": "We are building this."}, "Choose the idea&#x27;s new status."),
        ({"status": "open", "note": "We are building this."}, "Choose one of the statuses listed."),
        ({"status": "shipped", "note": "We are building this."}, "Choose one of the statuses listed."),
        ({"status": "planned", "note": ""}, "Write a note: members deserve to know why."),
        ({"status": "planned", "note": "Soon."}, "at least 10 characters"),
        ({"status": "planned", "note": "x" * 5001}, "under 5,000 characters"),
    ],
)
def test_a_bad_status_form_comes_back_with_its_message_and_what_was_typed(client, idea, rep, data, message):
    client.force_login(rep)
    response = client.post(reverse("ideas:set_status", args=[idea.pk]), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert 'aria-invalid="true"' in html
    if data["note"]:
        assert data["note"] in html
    assert Idea.objects.get(pk=idea.pk).status == "open"
    assert not IdeaStatusChange.objects.exists()
