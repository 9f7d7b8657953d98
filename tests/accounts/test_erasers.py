"""Deleting an account is a legal obligation, so each app's part is a registered eraser that
delete_account calls, not a signal somebody may or may not hear (accounts/erasers.py). Every
foreign key to the user model is decided by some eraser, erased or kept, so a new model holding
a member cannot be forgotten; and the registry says what tests/accounts/test_personal_data.py
checks row by row."""

import pytest
from django.core import checks

from accounts import erasers
from accounts.actions import delete_account
from accounts.checks import every_member_row_has_an_eraser
from forum.models import Follow
from tests.accounts.test_personal_data import ERASED, KEPT
from tests.factories import UserFactory, make_thread


def test_every_foreign_key_to_the_user_model_is_erased_or_kept_by_an_eraser():
    assert erasers.undecided() == set()
    assert every_member_row_has_an_eraser(None) == []


def test_no_foreign_key_is_both_erased_and_kept_nor_decided_by_two_apps():
    decided = [key for eraser in erasers.erasers() for key in (*eraser.erases, *eraser.keeps)]
    decided += [*erasers.OWN_ERASES, *erasers.OWN_KEEPS]
    assert len(decided) == len(set(decided))


def test_each_eraser_decides_only_its_own_app_s_foreign_keys_to_the_user_model():
    existing = erasers.user_foreign_keys()
    for eraser in erasers.erasers():
        for key in (*eraser.erases, *eraser.keeps):
            assert key in existing, key
            assert key.split(".")[0] == eraser.app, key


def test_the_registry_says_what_the_personal_data_test_checks():
    assert erasers.erased_fields() == ERASED
    assert erasers.kept_fields() == KEPT


def test_a_new_model_holding_a_member_fails_the_check_until_an_eraser_decides_it(monkeypatch):
    real = erasers.user_foreign_keys()
    monkeypatch.setattr(erasers, "user_foreign_keys", lambda: real | {"forum.Bookmark.user"})
    errors = every_member_row_has_an_eraser(None)
    assert [error.id for error in errors] == ["accounts.E001"]
    assert "forum.Bookmark.user" in errors[0].msg
    assert isinstance(errors[0], checks.Error)


@pytest.mark.django_db
def test_delete_account_runs_every_registered_eraser_in_its_transaction(monkeypatch):
    member = UserFactory()
    make_thread(author=member)  # follows their own thread
    heard = []

    def erase(*, member, by, now):
        heard.append((member.pk, by.pk))
        raise RuntimeError("an eraser failed")

    monkeypatch.setitem(erasers._erasers, "probe", erasers.Eraser(app="probe", erase=erase))
    with pytest.raises(RuntimeError):
        delete_account(member=member, by=member)
    assert heard == [(member.pk, member.pk)]
    # The whole deletion was undone, forum's erasure included.
    member.refresh_from_db()
    assert member.deleted_at is None
    assert Follow.objects.filter(user=member).exists()


def test_erasers_are_registered_for_every_app_that_erases_rows():
    apps_erasing = {key.split(".")[0] for key in erasers.erased_fields() - erasers.OWN_ERASES}
    registered = {eraser.app for eraser in erasers.erasers() if eraser.erase is not None}
    assert apps_erasing <= registered


def test_a_proxy_model_is_decided_by_its_concrete_models_eraser():
    """responses.QueueThread is forum.Thread's table under the engine's manager: forum's
    eraser decides its author, and the start-up check passes (it stopped `migrate` once)."""
    from django.core import checks

    from accounts.erasers import user_foreign_keys

    assert "forum.Thread.author" in user_foreign_keys()
    assert not [name for name in user_foreign_keys() if name.startswith("responses.QueueThread.")]
    assert [message for message in checks.run_checks() if message.level >= checks.ERROR] == []
