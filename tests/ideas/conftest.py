import pytest

from ideas.actions import post_idea
from ideas.models import Idea
from tests.factories import UserFactory, make_thread


@pytest.fixture
def make_idea(db):
    def make(*, author=None, title: str = "Dark mode for the router app, please", now=None) -> Idea:
        thread = post_idea(
            author=author or UserFactory(),
            title=title,
            body="The app is blinding at night when I check the hub from bed.",
            tags=["router-app"],
            now=now,
        )
        return Idea.objects.select_related("thread").get(pk=thread.pk)

    return make


@pytest.fixture
def idea(make_idea) -> Idea:
    return make_idea()


@pytest.fixture
def support_thread(db):
    """A customer's question that is really about the idea."""
    return make_thread(author=UserFactory(), title="Is there a way to make the app darker at night?")
