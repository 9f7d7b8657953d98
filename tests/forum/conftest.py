import pytest

from tests.factories import UserFactory, make_answer, make_thread, set_reputation


@pytest.fixture
def asker(db):
    return UserFactory(username="asker")


@pytest.fixture
def answerer(db):
    return UserFactory(username="answerer")


@pytest.fixture
def voter(db):
    user = UserFactory(username="voter")
    set_reputation(user, 1000)  # enough to vote up and down
    return user


@pytest.fixture
def make_voters(db):
    def make(count: int, reputation: int = 1000):
        users = UserFactory.create_batch(count)
        for user in users:
            set_reputation(user, reputation)
        return users

    return make


@pytest.fixture
def thread(asker):
    return make_thread(author=asker, tags=["wifi", "router"])


@pytest.fixture
def question(thread):
    return thread.posts.get(is_question=True)


@pytest.fixture
def answer(thread, answerer):
    return make_answer(thread=thread, author=answerer)
