"""The idea's page is its thread's page: the panel shows its status, latest note, history and
linked questions, and reps its status form; a linked question says which idea it is. Posting
an idea starts there. The panel costs no query on an announcement, one on a question, and a
fixed few on an idea however long its history."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag

from forum.models import Follow, Thread
from ideas.actions import link_thread, set_idea_status
from ideas.models import Idea
from responses.jobs import mark_overdue_threads
from tests.factories import UserFactory, make_thread

pytestmark = pytest.mark.django_db


def panel_of(response) -> str:
    html = response.content.decode()
    found = re.search(r'<(section|aside) class="idea-(panel|link)".*?</\1>', html, re.S)
    return found.group(0) if found else ""


@pytest.fixture
def planned(idea, rep, lead, support_thread):
    set_idea_status(idea=idea, status="under_review", note="Looking at *how* it would work.", by=lead)
    set_idea_status(idea=idea, status="planned", note="In the **spring** release.", by=rep)
    link_thread(thread=support_thread, idea=idea, by=rep)
    return idea


def test_a_visitor_sees_the_idea_s_status_latest_note_history_and_linked_questions(client, planned, support_thread):
    panel = panel_of(client.get(planned.thread.get_absolute_url()))
    assert f"Idea #{planned.pk}" in panel
    assert 'idea-status--planned" data-testid="idea-status">Planned</span>' in panel
    note = panel[panel.index('data-testid="idea-note"') :]
    assert note.index("Rep") < note.index("In the <strong>spring</strong> release.")
    history = re.findall(r'<li data-testid="idea-change">.*?</li>', panel, re.S)
    assert len(history) == 2
    for words in ("Under review", "Lena", "<em>how</em>"):
        assert words in history[0]
    for words in ("Planned", "Rep"):
        assert words in history[1]
    assert f'<a href="{support_thread.get_absolute_url()}">{support_thread.title}</a>' in panel
    assert "idea-status-form" not in panel


def test_a_new_idea_says_it_is_open_for_votes(client, idea):
    panel = panel_of(client.get(idea.thread.get_absolute_url()))
    assert "Open for votes: vote for it on the idea below." in panel
    assert "Status history" not in panel


@pytest.mark.parametrize(
    ("groups", "shown"), [([], False), (["Moderators"], False), (["Reps"], True), (["Leads"], True)]
)
def test_only_reps_and_leads_see_the_status_form(client, idea, groups, shown):
    client.force_login(UserFactory(groups=groups))
    panel = panel_of(client.get(idea.thread.get_absolute_url()))
    assert ('data-testid="idea-status-form"' in panel) is shown
    assert (f'action="{reverse("ideas:set_status", args=[idea.pk])}"' in panel) is shown


def test_a_linked_question_says_which_idea_it_is(client, planned, support_thread):
    panel = panel_of(client.get(support_thread.get_absolute_url()))
    assert (
        f'Linked to <a href="{planned.thread.get_absolute_url()}">idea #{planned.pk}: {planned.thread.title}</a>'
        in panel
    )
    assert "Planned" in panel
    assert "idea-link-form" not in panel


@pytest.mark.parametrize(
    ("groups", "shown"), [([], False), (["Moderators"], False), (["Reps"], True), (["Leads"], True)]
)
def test_only_reps_and_leads_see_the_link_form_on_a_question(client, support_thread, groups, shown):
    client.force_login(UserFactory(groups=groups))
    panel = panel_of(client.get(support_thread.get_absolute_url()))
    assert ('data-testid="idea-link-form"' in panel) is shown
    assert "Take the link away" not in panel


def test_a_rep_sees_how_to_take_a_link_away(client, planned, support_thread, rep):
    client.force_login(rep)
    panel = panel_of(client.get(support_thread.get_absolute_url()))
    assert f'action="{reverse("ideas:unlink", args=[support_thread.pk])}"' in panel
    assert "Link to another idea" in panel


def test_an_unlinked_question_shows_visitors_no_idea_panel(client, support_thread):
    assert panel_of(client.get(support_thread.get_absolute_url())) == ""


def ideas_queries(client, url: str) -> list[str]:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return [query["sql"] for query in context.captured_queries if '"ideas_' in query["sql"]]


def test_the_panel_costs_one_query_on_a_question_and_none_on_an_announcement(client, settings, support_thread):
    settings.PAGE_CACHE = False
    client.force_login(UserFactory(groups=["Reps"]))
    assert len(ideas_queries(client, support_thread.get_absolute_url())) == 1
    from forum import actions as forum_actions

    announcement = forum_actions.ask_question(
        author=UserFactory(groups=["Reps"]),
        title="Planned maintenance on Sunday night",
        body="The network will be down from 2 to 4 in the morning for upgrades.",
        tags=["outage"],
        kind=Thread.Kind.ANNOUNCEMENT,
    )
    assert ideas_queries(client, announcement.get_absolute_url()) == []


def test_the_idea_panel_runs_the_same_queries_however_long_its_history(
    client, make_idea, rep, settings, django_assert_num_queries
):
    settings.PAGE_CACHE = False
    client.force_login(rep)
    short, long = make_idea(), make_idea(title="Show the data used this month on the home screen")
    statuses = ["under_review", "planned", "in_progress", "done", "in_progress", "done", "declined"]
    for status in statuses:
        set_idea_status(idea=long, status=status, note=f"Now {status}, and here is why.", by=rep)
    for number in range(25):
        link_thread(
            thread=make_thread(author=UserFactory(), title=f"Data use question number {number}"), idea=long, by=rep
        )
    with CaptureQueriesContext(connection) as counted:
        client.get(short.thread.get_absolute_url())
    with django_assert_num_queries(len(counted.captured_queries)):
        response = client.get(long.thread.get_absolute_url())
    panel = panel_of(response)
    assert panel.count('data-testid="idea-change"') == len(statuses)
    assert panel.count("Data use question number") == 20
    assert "more questions are linked" in panel


# --- Posting an idea ------------------------------------------------------------------------


@pytest.fixture
def router_app(db):
    return Tag.objects.create(name="router-app", slug="router-app")


def test_posting_an_idea_goes_to_its_page_open_for_votes_and_followed(client, member, router_app):
    client.force_login(member)
    response = client.post(
        reverse("ideas:new"),
        {
            "title": "Let me rename devices from the app",
            "body": "Every device shows up as its MAC address, which tells me nothing at all.",
            "tags": "router-app",
        },
    )
    thread = Thread.objects.get()
    assert response["Location"] == thread.get_absolute_url()
    assert thread.kind == Thread.Kind.IDEA
    assert Idea.objects.get(pk=thread.pk).status == "open"
    assert Follow.objects.filter(user=member, thread=thread).exists()
    page = client.get(response["Location"]).content.decode()
    assert "Your idea is posted." in page
    assert f"Idea #{thread.pk}" in page


def test_a_bad_idea_comes_back_with_its_messages_and_everything_typed(client, member, router_app):
    client.force_login(member)
    typed = {"title": "Dark mode", "body": "Please & <b>soon</b>", "tags": "router-app"}
    response = client.post(reverse("ideas:new"), typed)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Say what the idea is: at least 15 characters" in html
    assert "Say a little more" in html
    assert 'value="Dark mode"' in html
    assert "Please &amp; &lt;b&gt;soon&lt;/b&gt;" in html
    assert 'value="router-app"' in html
    assert not Thread.objects.exists()


def test_the_idea_form_takes_its_limits_from_the_form(client, member):
    from ideas.forms import IdeaForm

    client.force_login(member)
    html = client.get(reverse("ideas:new")).content.decode()
    title = re.search(r'<input[^>]*id="id_title"[^>]*>', html).group(0)
    assert f'maxlength="{IdeaForm.base_fields["title"].max_length}"' in title
    assert f'minlength="{IdeaForm.base_fields["title"].min_length}"' in title


def test_an_idea_past_the_lag_is_never_overdue_nor_shows_a_waiting_clock(client, make_idea):
    now = timezone.now()
    idea = make_idea(now=now - timedelta(days=2))
    assert mark_overdue_threads(now=now) == []
    html = client.get(idea.thread.get_absolute_url()).content.decode()
    assert 'data-testid="waiting' not in html
    assert 'data-testid="promise"' not in html
