"""Ideas in the admin are read, never changed there: their effects live in ideas/actions.py."""

import pytest

from ideas.actions import link_thread, set_idea_status

pytestmark = pytest.mark.django_db


def test_the_admin_lists_ideas_and_shows_one_with_its_history_and_links(admin_client, idea, rep, support_thread):
    set_idea_status(idea=idea, status="planned", note="In the spring release.", by=rep)
    link_thread(thread=support_thread, idea=idea, by=rep)
    assert admin_client.get("/admin/ideas/idea/").status_code == 200
    page = admin_client.get(f"/admin/ideas/idea/{idea.pk}/change/")
    assert page.status_code == 200
    assert "In the spring release." in page.content.decode()


def test_an_idea_cannot_be_added_or_deleted_in_the_admin(admin_client, idea):
    assert admin_client.get("/admin/ideas/idea/add/").status_code == 403
    assert admin_client.post(f"/admin/ideas/idea/{idea.pk}/delete/", {"post": "yes"}).status_code == 403
