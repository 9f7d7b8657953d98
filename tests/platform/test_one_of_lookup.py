"""`field__one_of=ids` (config/lookups.py) selects what `field__in=ids` selects, with the
ids sent as one parameter: on a primary key, a foreign key and a one-to-one key, empty or not."""

import pytest

from forum.models import Post, Thread
from responses.models import ResponseState
from tests.factories import UserFactory, make_answer, make_thread

pytestmark = pytest.mark.django_db


def test_one_of_selects_what_in_selects():
    author = UserFactory()
    threads = [
        make_thread(author=author, title=f"Question number {n} about the router", tags=("wifi",)) for n in range(4)
    ]
    make_answer(thread=threads[1], author=UserFactory())
    chosen = [threads[0].pk, threads[1].pk, threads[3].pk, 10**9]  # an id that does not exist
    for model, field in ((Thread, "pk"), (Post, "thread"), (ResponseState, "pk"), (ResponseState, "thread")):
        for ids in (chosen, [], [threads[2].pk]):
            expected = set(model.objects.filter(**{f"{field}__in": ids}).values_list("pk", flat=True))
            assert set(model.objects.filter(**{f"{field}__one_of": ids}).values_list("pk", flat=True)) == expected
            excluded = set(model.objects.exclude(**{f"{field}__one_of": ids}).values_list("pk", flat=True))
            assert excluded == set(model.objects.values_list("pk", flat=True)) - expected


def test_one_of_sends_the_ids_as_one_parameter():
    query = Thread.objects.filter(pk__one_of=list(range(1, 5001))).query
    _, params = query.sql_with_params()
    assert len(params) == 1
