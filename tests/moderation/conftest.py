import pytest

from tests.factories import UserFactory, give_a_flagging_record, make_answer, make_thread, set_reputation


@pytest.fixture
def moderator(db):
    return UserFactory(username="moderator", groups=["Moderators"])


@pytest.fixture
def make_flagger(db):
    def make(reputation: int = 50, *, proven: bool = False):
        """A member with the standing to flag; `proven`: with a record of upheld flags, so that
        their spam flags count towards an automatic hide."""
        user = UserFactory()
        set_reputation(user, reputation)
        if proven:
            give_a_flagging_record(user)
        return user

    return make


@pytest.fixture
def spam(db):
    """An answer that earned its author reputation before it was found to be spam."""
    asker, spammer = UserFactory(username="asker"), UserFactory(username="spammer")
    thread = make_thread(author=asker, tags=("wifi",))
    answer = make_answer(thread=thread, author=spammer, body="Buy cheap routers at example.com, best prices!")
    voter = UserFactory()
    set_reputation(voter, 1000)
    from forum import actions

    actions.cast_vote(voter=voter, post=answer, value=1)
    answer.refresh_from_db()
    return answer
