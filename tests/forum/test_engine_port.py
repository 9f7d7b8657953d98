"""The response-time engine is a required collaborator of the forum (forum/engine.py): the
forum calls it directly, and a site without one is refused at start-up."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from forum import checks, engine
from responses import waiting


@pytest.fixture
def no_engine(monkeypatch):
    monkeypatch.setattr(engine, "_installed", [])


def test_the_engines_app_installs_its_recorder():
    assert engine.engine() is waiting
    assert checks.engine_is_installed(None) == []


def test_without_an_engine_the_forum_refuses_to_work(no_engine):
    with pytest.raises(ImproperlyConfigured):
        engine.engine()


def test_without_an_engine_the_system_check_fails(no_engine):
    assert [error.id for error in checks.engine_is_installed(None)] == ["forum.E001"]


def test_the_recorder_offers_everything_the_forum_calls():
    missing = [name for name in dir(engine.ResponseEngine) if not name.startswith("_") and not hasattr(waiting, name)]
    assert missing == []
