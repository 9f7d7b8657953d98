from urllib.parse import urlsplit, urlunsplit

from allauth.account.adapter import DefaultAccountAdapter

from accounts.names import check_name_is_not_impersonation
from config.site import absolute_url, current_site

# The links allauth puts in its emails (confirm an address, reset a password, sign up). It
# builds them from the request's host; they are given the configured site's address instead.
EMAIL_LINKS = ("activate_url", "password_reset_url", "signup_url")


class AccountAdapter(DefaultAccountAdapter):
    def clean_username(self, username, shallow=False):
        username = super().clean_username(username, shallow=shallow)
        check_name_is_not_impersonation(username)
        return username

    def format_email_subject(self, subject: str) -> str:
        return f"[{current_site().name}] {subject}"

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """Every allauth email greets with the site's name and links to the configured site
        (config/site.py), whatever host the request came in by."""
        on_site = {name: absolute_url(_path_of(context[name])) for name in EMAIL_LINKS if context.get(name)}
        super().send_mail(template_prefix, email, {**context, **on_site, "current_site": current_site()})


def _path_of(url: str) -> str:
    """ "/accounts/confirm-email/KEY/" of "http://127.0.0.1:8101/accounts/confirm-email/KEY/"."""
    parts = urlsplit(url)
    return urlunsplit(("", "", parts.path or "/", parts.query, parts.fragment))
