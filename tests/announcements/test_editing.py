"""The company's announcement is the company's words: reps and leads edit it, nobody else,
whatever their reputation, moderators included (issue 24). Answers under it are any post."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from forum import permissions
from forum.conf import conf as forum_conf
from forum.models import Post
from tests.factories import UserFactory, make_answer, set_reputation

pytestmark = pytest.mark.django_db

REFUSAL = "Only Brightwave representatives and leads edit an announcement"
ROLES = ["trusted member", "moderator", "another rep", "lead", "its author"]
ALLOWED = {"another rep", "lead", "its author"}


@pytest.fixture
def people(rep, lead, moderator):
    trusted = UserFactory(username="trusted")
    set_reputation(trusted, forum_conf.PRIVILEGES["edit_others"] + 500)
    return {
        "trusted member": trusted,
        "moderator": moderator,
        "another rep": UserFactory(username="other-rep", groups=["Reps"]),
        "lead": lead,
        "its author": rep,
    }


@pytest.fixture
def announcement(announce):
    thread = announce(banner="Hubs are down in the north region")
    return Post.objects.select_related("thread").get(thread=thread, is_question=True)


@pytest.mark.parametrize("role", ROLES)
def test_only_reps_and_leads_open_the_edit_form_of_an_announcement(client, people, announcement, role):
    client.force_login(people[role])
    response = client.get(reverse("forum:edit_post", args=[announcement.pk]))
    if role in ALLOWED:
        assert response.status_code == 200
    else:
        assert response.status_code == 403
        assert REFUSAL in response.content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_only_reps_and_leads_rewrite_the_pinned_announcement(client, people, announcement, role):
    client.force_login(people[role])
    rewritten = "All is well, there was never any outage, please stop asking about it."
    response = client.post(
        reverse("forum:edit_post", args=[announcement.pk]),
        {"body": rewritten, "title": "Nothing happened", "reason": "the outage is over"},
    )
    announcement.refresh_from_db()
    announcement.thread.refresh_from_db()
    if role in ALLOWED:
        assert response.status_code == 302
        assert announcement.body == rewritten
    else:
        assert response.status_code == 403
        assert announcement.body != rewritten
        assert announcement.thread.title == "Broadband outage in the north region"
    assert permissions.can_edit(people[role], announcement) == (role in ALLOWED)


def test_a_former_rep_no_longer_edits_the_announcement_they_wrote(rep, announcement):
    rep.groups.remove(Group.objects.get(name="Reps"))
    rep = type(rep).objects.get(pk=rep.pk)  # has_perm caches
    assert not permissions.can_edit(rep, announcement)
    assert REFUSAL in permissions.refusal(permissions.check_can_edit, rep, announcement)


def test_a_members_answer_under_an_announcement_is_edited_by_the_usual_rules(people, announcement):
    answer = make_answer(thread=announcement.thread, author=UserFactory(), body="Is the south affected as well?")
    assert permissions.can_edit(people["trusted member"], answer)
    assert permissions.can_edit(people["moderator"], answer)
    assert not permissions.can_edit(people["another rep"], answer)  # reps answer, never edit
