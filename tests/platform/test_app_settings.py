"""Domain settings live in the app that owns them (config/appsettings.py): each app's conf.py
holds the defaults, and a Django setting of the same name wins, read at the moment of use."""

import importlib
from datetime import timedelta

import pytest

from config.appsettings import AppSettings
from config.limits import conf as limits_conf
from forum.conf import conf as forum_conf

CONFS = [
    *("api.conf", "cases.conf", "config.health", "config.limits", "forum.conf", "moderation.conf"),
    *("reminders.conf", "webhooks.conf"),
]


def test_a_conf_gives_its_default_when_no_setting_of_that_name_exists(settings):
    assert not hasattr(settings, "THREADS_PER_PAGE")
    assert forum_conf.THREADS_PER_PAGE == 30


def test_a_setting_of_the_same_name_wins_from_the_moment_it_is_set(settings):
    settings.THREADS_PER_PAGE = 2
    settings.WITHDRAWAL_RESTORE_WINDOW = timedelta(days=7)
    assert forum_conf.THREADS_PER_PAGE == 2
    assert forum_conf.WITHDRAWAL_RESTORE_WINDOW.days == 7


def test_a_conf_refuses_names_it_does_not_own_and_writes():
    with pytest.raises(AttributeError):
        forum_conf.CASES_PER_PAGE  # noqa: B018 (cases/conf.py owns it)
    with pytest.raises(AttributeError):
        limits_conf.ACTION_RATE_LIMITS_ON = False


def test_each_domain_setting_has_one_home_and_none_is_left_in_the_settings_module():
    import config.settings

    owners: dict[str, str] = {}
    for module in CONFS:
        conf = importlib.import_module(module).conf
        assert isinstance(conf, AppSettings)
        for name in conf.names():
            assert name not in owners, f"{name} is in both {owners[name]} and {module}"
            owners[name] = module
            assert not hasattr(config.settings, name), f"{name} is {module}'s, not config/settings.py's"
    assert {"REPUTATION_POINTS", "FLAG_HIDE_WEIGHT", "ACTION_RATE_LIMITS", "WEBHOOK_TIMEOUT"} <= owners.keys()
