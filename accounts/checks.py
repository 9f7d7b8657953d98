"""Deleting an account must decide every row that holds a member (accounts/erasers.py)."""

from django.core import checks

from accounts import erasers


@checks.register()
def every_member_row_has_an_eraser(app_configs, **kwargs) -> list[checks.CheckMessage]:
    return [
        checks.Error(
            f"{key} holds a member, and no eraser decides what deleting an account does to it.",
            hint="Name it in its app's erasers.register(erases=... or keeps=...), in the app's AppConfig.ready().",
            id="accounts.E001",
        )
        for key in sorted(erasers.undecided())
    ]
