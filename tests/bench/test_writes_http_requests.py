"""bench/writes_http_requests.py's choice of requests: every one a different write."""

from types import SimpleNamespace

from bench.writes_http_requests import in_turn, spread

people = [SimpleNamespace(pk=pk) for pk in range(1, 4)]


def test_every_target_is_taken_once_before_any_twice():
    pairs = spread(["a", "b", "c", "d"], people, 6)
    assert [target for target, _person in pairs] == ["a", "b", "c", "d", "a", "b"]


def test_no_pair_repeats_when_targets_and_people_come_round_together():
    pairs = spread(["a", "b", "c"], people, 9)
    assert len({(target, person.pk) for target, person in pairs}) == 9


def test_a_refused_pair_is_given_to_the_next_person():
    pairs = spread(["a", "b"], people, 2, refused=lambda target, person: person.pk == 1)
    assert [(target, person.pk) for target, person in pairs] == [("a", 2), ("b", 3)]


def test_one_round_stops_at_the_targets_however_many_are_asked_for():
    assert len(spread(["a", "b"], people, 10, rounds=1)) == 2


def test_rows_are_taken_one_of_each_key_in_turn():
    rows = [(1, "x"), (2, "x"), (3, "x"), (4, "y"), (5, "z")]
    assert in_turn(rows, key=lambda row: row[1]) == [(1, "x"), (4, "y"), (5, "z"), (2, "x"), (3, "x")]
