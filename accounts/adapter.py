from allauth.account.adapter import DefaultAccountAdapter

from accounts.names import check_name_is_not_impersonation


class AccountAdapter(DefaultAccountAdapter):
    def clean_username(self, username, shallow=False):
        username = super().clean_username(username, shallow=shallow)
        check_name_is_not_impersonation(username)
        return username
