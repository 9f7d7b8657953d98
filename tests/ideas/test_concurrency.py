"""Real concurrency on PostgreSQL: the idea's row lock decides who changes its status and who
is told it is done, so that nobody hears it twice and nothing fails."""

import pytest

from forum import actions as forum_actions
from forum.models import Notification
from ideas.actions import link_thread, post_idea, set_idea_status
from ideas.models import Idea, IdeaDoneNotice, IdeaLink, IdeaStatusChange
from tests.concurrency import run_together
from tests.factories import UserFactory, make_thread

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def an_idea(title: str = "Dark mode for the router app, please") -> Idea:
    thread = post_idea(
        author=UserFactory(), title=title, body="The app is blinding at night in a dark room.", tags=["router-app"]
    )
    return Idea.objects.get(pk=thread.pk)


def test_two_reps_marking_an_idea_done_at_once_tell_each_linked_member_once(postgresql):
    idea, reps = an_idea(), UserFactory.create_batch(2, groups=["Reps"])
    support = make_thread(author=UserFactory(), title="Can the app go dark at night?")
    me_too = UserFactory()
    forum_actions.set_me_too(user=me_too, thread=support, on=True)
    link_thread(thread=support, idea=idea, by=reps[0])

    _results, errors = run_together(
        [lambda rep=rep: set_idea_status(idea=idea, status="done", note="Out in 4.2 today.", by=rep) for rep in reps]
    )
    assert errors == []
    assert IdeaStatusChange.objects.count() == 1
    for person in (support.author, me_too):
        assert Notification.objects.filter(recipient=person, text__startswith="Done:").count() == 1


def test_linking_a_question_to_a_done_idea_while_another_is_linked_tells_everyone_once(postgresql):
    idea, rep = an_idea(), UserFactory(groups=["Reps"])
    asker = UserFactory()
    threads = [make_thread(author=asker, title=f"Can the app go dark at night, take {n}?") for n in range(2)]
    set_idea_status(idea=idea, status="done", note="Out in 4.2 today.", by=rep)

    _results, errors = run_together(
        [lambda thread=thread: link_thread(thread=thread, idea=idea, by=rep) for thread in threads]
    )
    assert errors == []
    assert IdeaLink.objects.count() == 2
    assert IdeaDoneNotice.objects.filter(user=asker).count() == 1
    assert Notification.objects.filter(recipient=asker, text__startswith="Done:").count() == 1


def test_two_reps_linking_one_question_to_two_ideas_at_once_leave_one_link(postgresql):
    ideas = [an_idea(), an_idea("Show this month's data use on the home screen")]
    reps = UserFactory.create_batch(2, groups=["Reps"])
    support = make_thread(author=UserFactory(), title="Can the app go dark at night?")

    _results, errors = run_together(
        [
            lambda idea=idea, rep=rep: link_thread(thread=support, idea=idea, by=rep)
            for idea, rep in zip(ideas, reps, strict=True)
        ]
    )
    assert errors == []
    assert IdeaLink.objects.filter(thread=support).count() == 1
