import pytest

from cases import actions
from tests.factories import UserFactory, make_answer, make_thread


@pytest.fixture
def asker(db):
    return UserFactory(username="asker", email="asker@example.com")


@pytest.fixture
def thread(asker):
    return make_thread(author=asker, title="My Brightwave hub keeps dropping the connection")


@pytest.fixture
def answered(thread):
    """The thread with a community answer the asker could accept."""
    make_answer(thread=thread, author=UserFactory(), body="Move the hub away from the microwave, it fixed mine.")
    return thread


@pytest.fixture
def case(thread, rep):
    case, _created = actions.open_case(
        thread=thread, by=rep, message="Hello! Could you send us your hub's serial number, privately?"
    )
    return case


@pytest.fixture
def resolved(case, rep):
    actions.resolve_case(
        public_note="The hub's power adapter was faulty; it was replaced.",
        case=case,
        by=rep,
        summary="We replaced the faulty power adapter under warranty.",
    )
    case.refresh_from_db()
    return case
