from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts and roles"

    def ready(self) -> None:
        from allauth.account.signals import password_changed, password_reset, password_set
        from django.contrib.auth.models import Group
        from django.db.models.signals import m2m_changed

        from accounts import checks, panels  # noqa: F401  (accounts.E001: every member row has an eraser; slots)
        from accounts.models import User
        from accounts.receivers import roles_changed
        from accounts.sessions import end_other_sessions

        # A new password logs the member out everywhere else (accounts/sessions.py).
        for signal in (password_changed, password_set, password_reset):
            signal.connect(end_other_sessions, dispatch_uid="end-other-sessions")
        # A change of groups or permissions bumps the pages' versions that show it.
        for through in (User.groups.through, User.user_permissions.through, Group.permissions.through):
            m2m_changed.connect(roles_changed, sender=through, dispatch_uid=f"roles-changed-{through.__name__}")
