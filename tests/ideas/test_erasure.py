"""A member who deletes their account leaves ideas as every app leaves them: the record that
they were told an idea is done goes, and their name leaves the public notes of its history."""

import pytest

from accounts.actions import delete_account
from forum import actions as forum_actions
from ideas.actions import link_thread, set_idea_status
from ideas.models import IdeaDoneNotice, IdeaStatusChange
from tests.factories import UserFactory, make_thread

pytestmark = pytest.mark.django_db


def test_deleting_an_account_erases_its_done_notices_and_its_name_in_notes(idea, rep):
    member = UserFactory(username="zephq7731", display_name="Zephyrine Quillfeather")
    thread = make_thread(author=member, title="Can the app go dark at night please?")
    forum_actions.set_me_too(user=UserFactory(), thread=thread, on=True)
    link_thread(thread=thread, idea=idea, by=rep)
    set_idea_status(idea=idea, status="done", note="Thanks to Zephyrine Quillfeather for asking first.", by=rep)
    assert IdeaDoneNotice.objects.filter(user=member).exists()

    delete_account(member=member, by=member)

    assert not IdeaDoneNotice.objects.filter(user=member).exists()
    assert IdeaDoneNotice.objects.count() == 1  # the other member's stays
    change = IdeaStatusChange.objects.get()
    assert "Zephyrine" not in change.note
    assert "Zephyrine" not in change.note_html
    assert change.note == "Thanks to a former member for asking first."
    assert change.changed_by == rep
