"""assert_invalidates: which page versions (config/pagecache.py) a block bumps."""

from contextlib import contextmanager

from config import pagecache


@contextmanager
def assert_invalidates(*names: str, exactly: bool = False, not_: tuple[str, ...] = ()):
    """Assert that the block bumps at least `names` (all of them, and no other with
    `exactly`) and none of `not_`, as their transactions commit. Yields the list of the names
    bumped so far."""
    with pagecache.observing_bumps() as bumped:
        yield bumped
    missing = [name for name in names if name not in bumped]
    assert not missing, f"not bumped: {missing}; bumped: {sorted(set(bumped))}"
    if exactly:
        extra = sorted(set(bumped) - set(names))
        assert not extra, f"bumped beyond {names}: {extra}"
    wrong = sorted(set(bumped) & set(not_))
    assert not wrong, f"bumped, and should not have been: {wrong}"


@contextmanager
def assert_invalidates_nothing():
    with pagecache.observing_bumps() as bumped:
        yield bumped
    assert not bumped, f"bumped: {sorted(set(bumped))}"
