"""The security matrix's entries for the webhooks' URL patterns (webhooks/urls.py), in the form
of tests/platform/test_security_matrix.py's MATRIX, which takes them in.

Leads (and the superuser) manage webhooks; everyone else logged in is refused. An empty form
answers 400; every other POST redirects back to the page with a message."""

LEADS_ONLY = {"*": "403", "anonymous": "login"}


def _leads(status: str) -> dict:
    return {**LEADS_ONLY, "lead": status, "superuser": status}


WEBHOOKS_MATRIX: dict = {
    "webhooks:list": {"GET": _leads("200"), "POST": "405"},
    "webhooks:create": {"GET": "405", "POST": _leads("400")},
    "webhooks:detail": {"GET": _leads("200"), "POST": "405"},
    **{
        f"webhooks:{name}": {"GET": "405", "POST": _leads("302")}
        for name in ("rotate_secret", "send_test", "disable", "enable", "delete")
    },
}
