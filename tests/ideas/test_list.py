"""/ideas/: by votes (the default), newest, or one status; paginated; its queries do not grow
with the ideas it lists; bad filters are a 400 that says why."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from forum import actions as forum_actions
from forum import reputation
from ideas.actions import set_idea_status
from tests.factories import UserFactory, set_reputation

pytestmark = pytest.mark.django_db


def titles(response) -> list[str]:
    assert response.status_code == 200
    return re.findall(r'class="thread-row__title"><a href="[^"]+">([^<]+)</a>', response.content.decode())


@pytest.fixture
def voter(db):
    person = UserFactory()
    set_reputation(person, 200)
    return person


def vote_for(idea, votes: int) -> None:
    question = idea.thread.posts.get(is_question=True)
    for _ in range(votes):
        voter = UserFactory()
        reputation.adjust(user_id=voter.pk, delta=100)
        forum_actions.cast_vote(voter=voter, post=question, value=1)


@pytest.fixture
def three_ideas(make_idea, rep):
    now = timezone.now()
    old = make_idea(title="Old idea with a few votes", now=now - timedelta(days=9))
    popular = make_idea(title="Popular idea with many votes", now=now - timedelta(days=5))
    new = make_idea(title="Newest idea with no votes yet", now=now - timedelta(days=1))
    vote_for(old, 1)
    vote_for(popular, 3)
    set_idea_status(idea=popular, status="planned", note="In the spring release.", by=rep)
    return old, popular, new


def test_ideas_are_listed_by_votes_by_default(client, three_ideas):
    assert titles(client.get(reverse("ideas:list"))) == [
        "Popular idea with many votes",
        "Old idea with a few votes",
        "Newest idea with no votes yet",
    ]


def test_ideas_are_listed_newest_first(client, three_ideas):
    assert titles(client.get(reverse("ideas:list") + "?sort=newest")) == [
        "Newest idea with no votes yet",
        "Popular idea with many votes",
        "Old idea with a few votes",
    ]


def test_ideas_are_filtered_by_status(client, three_ideas):
    assert titles(client.get(reverse("ideas:list") + "?status=planned")) == ["Popular idea with many votes"]
    assert titles(client.get(reverse("ideas:list") + "?status=open&sort=newest")) == [
        "Newest idea with no votes yet",
        "Old idea with a few votes",
    ]
    assert titles(client.get(reverse("ideas:list") + "?status=done")) == []


def test_each_row_shows_the_idea_s_number_status_and_votes(client, three_ideas):
    _old, popular, _new = three_ideas
    html = client.get(reverse("ideas:list")).content.decode()
    rows = re.findall(r'<li class="thread-row idea-row".*?</li>\n', html, re.S)
    row = next(row for row in rows if popular.thread.get_absolute_url() in row)
    assert "<strong>3</strong> votes" in row
    assert f">#{popular.pk}<" in row
    assert 'idea-status--planned" data-testid="idea-status">Planned</span>' in row


def test_the_status_filter_counts_the_ideas_of_each_status(client, three_ideas):
    html = client.get(reverse("ideas:list")).content.decode()
    assert 'status=planned">Planned <span class="count">1</span>' in html
    assert 'status=open">Open for votes <span class="count">2</span>' in html


def test_the_list_has_the_post_an_idea_button_and_the_footer_links_to_it(client, three_ideas):
    html = client.get(reverse("ideas:list")).content.decode()
    assert f'href="{reverse("ideas:new")}">Post an idea' in html
    assert f'<a href="{reverse("ideas:list")}">Ideas</a>' in client.get("/").content.decode()


def test_a_withdrawn_idea_leaves_the_list(client, idea):
    forum_actions.withdraw_post(post=idea.thread.posts.get(is_question=True), by=idea.thread.author)
    assert titles(client.get(reverse("ideas:list"))) == []


def test_questions_are_not_ideas(client, idea, support_thread):
    assert titles(client.get(reverse("ideas:list"))) == [idea.thread.title]


@pytest.mark.parametrize(
    ("query", "message"),
    [("?sort=oldest", "Sort ideas by votes or newest."), ("?status=shipped", "Filter by a status: open for votes")],
)
def test_a_bad_order_or_status_is_a_400_that_says_why(client, idea, query, message):
    response = client.get(reverse("ideas:list") + query)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_the_list_is_paginated(client, make_idea, settings):
    settings.THREADS_PER_PAGE = 2
    for number in range(5):
        make_idea(title=f"An idea worth voting for, number {number}")
    first = client.get(reverse("ideas:list") + "?sort=newest")
    assert len(titles(first)) == 2
    assert 'rel="next" href="?sort=newest&amp;page=2"' in first.content.decode()
    third = titles(client.get(reverse("ideas:list") + "?sort=newest&page=3"))
    assert third == ["An idea worth voting for, number 0"]


# The page's ids, those threads with their ideas, their tags, the status counts. The layout
# (base.html: the banner, the reader) adds its own, the same on every page.
QUERIES_OF_THE_IDEAS_LIST = 4
LIST_TABLES = ('FROM "ideas_idea"', 'FROM "forum_thread"', 'FROM "taggit_taggeditem"')


@pytest.mark.parametrize("query", ["", "?sort=newest", "?status=open"])
def test_the_list_runs_the_same_queries_for_few_and_many_ideas(
    client, make_idea, rep, settings, query, django_assert_num_queries
):
    settings.PAGE_CACHE = False  # the render's own queries (config/pagecache.py)

    def add(count: int) -> None:
        for number in range(count):
            made = make_idea(author=UserFactory(), title=f"Idea number {number} for the router app")
            if number % 3 == 0:
                set_idea_status(idea=made, status="under_review", note="Looking at it now.", by=rep)

    add(2)
    with CaptureQueriesContext(connection) as counted:
        few = client.get(reverse("ideas:list") + query)
    own = [sql for sql in (query["sql"] for query in counted.captured_queries) if any(t in sql for t in LIST_TABLES)]
    assert len(own) == QUERIES_OF_THE_IDEAS_LIST
    add(28)
    with django_assert_num_queries(len(counted.captured_queries)):
        many = client.get(reverse("ideas:list") + query)
    assert 0 < len(titles(few)) < len(titles(many))


def test_a_kept_list_is_fresh_after_a_status_change(client, idea, rep):
    assert 'idea-status--open"' in client.get(reverse("ideas:list")).content.decode()
    set_idea_status(idea=idea, status="declined", note="It would break the old hubs.", by=rep)
    assert 'idea-status--declined"' in client.get(reverse("ideas:list")).content.decode()
