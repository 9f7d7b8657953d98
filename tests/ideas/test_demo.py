"""The demo's ideas: a dozen in every status, voted on, with notes, and support questions
linked, one to an idea that is done (whose askers have heard)."""

import random

import pytest
from django.db import transaction
from django.utils import timezone

from forum import demo as forum_demo
from forum import notifications
from ideas.demo import IDEAS, seed_ideas
from ideas.models import Idea, IdeaDoneNotice, IdeaLink, IdeaStatus, IdeaStatusChange

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def seeded_ideas(django_db_setup, django_db_blocker):
    """The demo's ideas, seeded once for the module's readers and rolled back at its end."""
    now = timezone.now()
    with django_db_blocker.unblock(), transaction.atomic():
        with notifications.notifications_stay_on_site():
            people = forum_demo.create_people()
            asked = forum_demo.grow_threads(random.Random(5), people=people, count=14, now=now)
            ideas = seed_ideas(people=people, asked=asked, now=now)
        yield ideas
        transaction.set_rollback(True)


@pytest.fixture
def demo_ideas(seeded_ideas, db):
    return seeded_ideas


def test_the_demo_has_a_dozen_ideas_in_every_status(demo_ideas):
    assert len(demo_ideas) == len(IDEAS) == 12
    assert set(Idea.objects.values_list("status", flat=True)) == set(IdeaStatus.values)


def test_the_demo_s_ideas_have_votes_notes_and_linked_questions(demo_ideas):
    assert Idea.objects.filter(thread__score__gt=0).count() >= 6
    assert IdeaStatusChange.objects.count() == sum(len(changes) for *_, changes in IDEAS)
    done_with_links = IdeaLink.objects.filter(idea__status=IdeaStatus.DONE)
    assert done_with_links.exists()
    assert IdeaDoneNotice.objects.filter(idea=done_with_links.first().idea).exists()
