from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts and roles"

    def ready(self) -> None:
        from allauth.account.signals import password_changed, password_reset, password_set

        from accounts import panels  # noqa: F401  (declares the slots of accounts' pages)
        from accounts.sessions import end_other_sessions

        # A new password logs the member out everywhere else (accounts/sessions.py).
        for signal in (password_changed, password_set, password_reset):
            signal.connect(end_other_sessions, dispatch_uid="end-other-sessions")
