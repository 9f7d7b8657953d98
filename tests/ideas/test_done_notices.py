"""When an idea becomes done, everyone who asked or said "me too" on a thread linked to it
hears it once: never twice, whether it is done again after being reopened, they are on
several linked threads, they follow the idea too, or their thread is linked after it is done."""

import pytest
from django.urls import reverse

from forum import actions as forum_actions
from forum.models import Notification
from ideas.actions import link_thread, set_idea_status, unlink_thread
from ideas.models import IdeaDoneNotice, IdeaLink
from tests.factories import UserFactory, make_thread

pytestmark = pytest.mark.django_db

DONE = "Done: “{title}”, the idea a thread you asked or said “me too” on is linked to"


@pytest.fixture
def linked(idea, rep):
    """Two support threads linked to the idea, each with its asker and two "me too" members."""
    threads, people = [], {}
    for number in range(2):
        thread = make_thread(author=UserFactory(), title=f"Can the app go dark at night, take {number}?")
        me_too = UserFactory.create_batch(2)
        for member in me_too:
            forum_actions.set_me_too(user=member, thread=thread, on=True)
        link_thread(thread=thread, idea=idea, by=rep)
        threads.append(thread)
        people[thread.pk] = [thread.author, *me_too]
    Notification.objects.all().delete()
    return threads, people


def done_notices_of(user, idea) -> int:
    return Notification.objects.filter(recipient=user, text=DONE.format(title=idea.thread.title)).count()


def everyone(people) -> list:
    return [person for group in people.values() for person in group]


def test_the_done_notice_reaches_every_linked_asker_and_me_too_member_once(idea, rep, linked):
    _threads, people = linked
    set_idea_status(idea=idea, status="done", note="Dark mode is out in version 4.2.", by=rep)
    for person in everyone(people):
        assert done_notices_of(person, idea) == 1, person
    notice = Notification.objects.filter(recipient=everyone(people)[0]).get()
    assert notice.details == "Dark mode is out in version 4.2."
    assert notice.url == idea.thread.get_absolute_url()
    assert IdeaDoneNotice.objects.filter(idea=idea).count() == 6


def test_done_again_after_being_reopened_tells_the_linked_members_nobody_twice(idea, rep, linked):
    _threads, people = linked
    set_idea_status(idea=idea, status="done", note="Dark mode is out in version 4.2.", by=rep)
    set_idea_status(idea=idea, status="in_progress", note="Pulled back: it broke the charts.", by=rep)
    set_idea_status(idea=idea, status="done", note="Back in version 4.3.", by=rep)
    for person in everyone(people):
        assert Notification.objects.filter(recipient=person).count() == 1, person


def test_a_member_on_two_linked_threads_is_told_once(idea, rep, linked):
    threads, people = linked
    both = people[threads[0].pk][1]
    forum_actions.set_me_too(user=both, thread=threads[1], on=True)
    set_idea_status(idea=idea, status="done", note="Dark mode is out in version 4.2.", by=rep)
    assert done_notices_of(both, idea) == 1


def test_a_linked_member_who_follows_the_idea_hears_it_once_as_a_follower(idea, rep, linked):
    threads, people = linked
    asker = people[threads[0].pk][0]
    forum_actions.follow_thread(user=asker, thread=idea.thread)
    set_idea_status(idea=idea, status="done", note="Dark mode is out in version 4.2.", by=rep)
    assert list(Notification.objects.filter(recipient=asker).values_list("text", flat=True)) == [
        f"The idea “{idea.thread.title}” is done"
    ]
    assert IdeaDoneNotice.objects.filter(idea=idea, user=asker).exists()


def test_the_rep_who_marks_it_done_is_not_told_even_on_a_linked_thread(idea, rep, linked):
    threads, _people = linked
    forum_actions.set_me_too(user=rep, thread=threads[0], on=True)
    set_idea_status(idea=idea, status="done", note="Dark mode is out in version 4.2.", by=rep)
    assert not Notification.objects.filter(recipient=rep).exists()


def test_nobody_is_told_before_the_idea_is_done(idea, rep, linked):
    _threads, people = linked
    for status in ("under_review", "planned", "in_progress", "declined"):
        set_idea_status(idea=idea, status=status, note=f"Now {status}, for a reason.", by=rep)
    assert not Notification.objects.filter(recipient__in=everyone(people)).exists()
    assert not IdeaDoneNotice.objects.exists()


def test_a_thread_linked_after_the_idea_is_done_has_its_people_told_at_once(idea, rep, linked):
    set_idea_status(idea=idea, status="done", note="Dark mode is out in version 4.2.", by=rep)
    late = make_thread(author=UserFactory(), title="Dark mode when, Brightwave?")
    me_too = UserFactory()
    forum_actions.set_me_too(user=me_too, thread=late, on=True)
    link_thread(thread=late, idea=idea, by=rep)
    for person in (late.author, me_too):
        notice = Notification.objects.get(recipient=person, text=DONE.format(title=idea.thread.title))
        assert notice.details == "Dark mode is out in version 4.2."


def test_relinking_a_thread_to_a_done_idea_tells_nobody_twice(idea, rep, linked):
    threads, people = linked
    set_idea_status(idea=idea, status="done", note="Dark mode is out in version 4.2.", by=rep)
    unlink_thread(thread=threads[0], by=rep)
    link_thread(thread=threads[0], idea=idea, by=rep)
    for person in people[threads[0].pk]:
        assert done_notices_of(person, idea) == 1


def test_an_unlinked_thread_is_not_told_when_the_idea_is_done(idea, rep, linked):
    threads, people = linked
    unlink_thread(thread=threads[0], by=rep)
    set_idea_status(idea=idea, status="done", note="Dark mode is out in version 4.2.", by=rep)
    assert not Notification.objects.filter(recipient__in=people[threads[0].pk]).exists()
    assert all(done_notices_of(person, idea) == 1 for person in people[threads[1].pk])


def test_a_thread_links_to_one_idea_and_moving_it_keeps_one_link(make_idea, rep, support_thread):
    first, second = make_idea(), make_idea(title="Show this month's data use on the home screen")
    link_thread(thread=support_thread, idea=first, by=rep)
    assert link_thread(thread=support_thread, idea=first, by=rep) is None  # the same link: nothing
    link_thread(thread=support_thread, idea=second, by=rep)
    assert list(IdeaLink.objects.values_list("thread", "idea")) == [(support_thread.pk, second.pk)]


def test_linking_through_the_page_takes_a_number_a_hash_or_an_address(client, idea, rep, support_thread):
    client.force_login(rep)
    for typed in (
        str(idea.pk),
        f"#{idea.pk}",
        f"idea #{idea.pk}",
        f"https://example.com{idea.thread.get_absolute_url()}",
    ):
        IdeaLink.objects.all().delete()
        response = client.post(reverse("ideas:link", args=[support_thread.pk]), {"idea": typed})
        assert response.status_code == 302, typed
        assert IdeaLink.objects.get().idea_id == idea.pk


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Give the idea&#x27;s number"),
        ("dark mode", "That is not an idea&#x27;s number"),
        ("987654", "There is no idea #987654"),
    ],
)
def test_a_bad_idea_number_comes_back_with_its_message_and_what_was_typed(client, rep, support_thread, typed, message):
    client.force_login(rep)
    response = client.post(reverse("ideas:link", args=[support_thread.pk]), {"idea": typed})
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert f'value="{typed}"' in html or not typed
    assert not IdeaLink.objects.exists()


def test_a_question_s_number_is_no_idea(client, rep, support_thread):
    other = make_thread(author=UserFactory(), title="The hub blinks orange after the update")
    client.force_login(rep)
    response = client.post(reverse("ideas:link", args=[support_thread.pk]), {"idea": str(other.pk)})
    assert response.status_code == 400
    assert f"There is no idea #{other.pk}" in response.content.decode()
