"""A member who deletes their account leaves ideas as every app leaves them: the record that
they were told an idea is done goes, and the public notes of its history stay as the reps
wrote them, even where they name the member (issue 24: erasure edits nobody else's words)."""

import pytest

from accounts.actions import delete_account
from forum import actions as forum_actions
from ideas.actions import link_thread, set_idea_status
from ideas.models import IdeaDoneNotice, IdeaStatusChange
from tests.factories import UserFactory, make_thread

pytestmark = pytest.mark.django_db

NOTE = "Thanks to Zephyrine Quillfeather for asking first."


def test_deleting_an_account_erases_its_done_notices_and_leaves_the_reps_notes_as_written(idea, rep):
    member = UserFactory(username="zephq7731", display_name="Zephyrine Quillfeather")
    thread = make_thread(author=member, title="Can the app go dark at night please?")
    forum_actions.set_me_too(user=UserFactory(), thread=thread, on=True)
    link_thread(thread=thread, idea=idea, by=rep)
    set_idea_status(idea=idea, status="done", note=NOTE, by=rep)
    assert IdeaDoneNotice.objects.filter(user=member).exists()
    written = IdeaStatusChange.objects.values("note", "note_html").get()

    delete_account(member=member, by=member)

    assert not IdeaDoneNotice.objects.filter(user=member).exists()
    assert IdeaDoneNotice.objects.count() == 1  # the other member's stays
    change = IdeaStatusChange.objects.get()
    assert {"note": change.note, "note_html": change.note_html} == written
    assert change.note == NOTE
    assert change.changed_by == rep


def test_a_rep_who_left_is_a_former_member_in_the_history_their_note_unchanged(idea, rep, client):
    set_idea_status(idea=idea, status="planned", note="The https page will help.", by=rep)
    rep.groups.clear()
    delete_account(member=rep, by=rep)
    change = IdeaStatusChange.objects.select_related("changed_by").get()
    assert change.note == "The https page will help."
    assert change.changed_by.name == "a former member"
    assert "a former member" in client.get(idea.thread.get_absolute_url()).content.decode()
