"""The security matrix's entries for the API's URL patterns (api/urls.py) and the token
pages (api/page_urls.py), in the form of tests/platform/test_security_matrix.py's MATRIX,
which takes them in.

The walk sends the session without a body: a write the role may make answers 400 (the
page's form finds nothing), one it may not 403, an anonymous one 401 (the API says how to
authenticate rather than redirecting to a login page). A method an endpoint does not take
is a 405 for everyone, before anything else is checked."""

QUEUE_ROLES = {"rep": "200", "lead": "200", "superuser": "200"}

API_MATRIX: dict = {
    "api:threads": {"GET": "200", "POST": {"*": "400", "anonymous": "401", "suspended": "403"}},
    "api:thread": {"GET": "200", "POST": "405"},
    "api:answer": {"GET": "405", "POST": {"*": "400", "anonymous": "401", "suspended": "403"}},
    "api:official_reply": {
        "GET": "405",
        "POST": {"*": "403", "anonymous": "401", "rep": "400", "lead": "400", "superuser": "400"},
    },
    # The walk's thread needs no official reply and is not in the queue (as responses:claim).
    "api:claim": {"GET": "405", "POST": {"*": "403", "anonymous": "401"}},
    "api:dismiss": {"GET": "405", "POST": {"*": "403", "anonymous": "401"}},
    # No value sent: refused as the page refuses it, before who is asking matters.
    "api:reply": {"GET": "405", "POST": {"*": "400", "anonymous": "401", "suspended": "403"}},
    "api:vote": {"GET": "405", "POST": {"*": "400", "anonymous": "401"}},
    "api:accept": {"GET": "405", "POST": {"*": "403", "anonymous": "401", "moderator": "200", "superuser": "200"}},
    "api:flag": {
        "GET": "405",
        "POST": {
            "*": "400",
            "anonymous": "401",
            "new": "403",
            "suspended": "403",
            "rep": "403",
            "moderator": "403",
            "superuser": "403",
        },
    },
    "api:tags": {"GET": "200", "POST": "405"},
    "api:profile": {"GET": "200", "POST": "405"},
    "api:search": {"GET": "200", "POST": "405"},
    "api:queue": {"GET": {"*": "403", "anonymous": "401", **QUEUE_ROLES}, "POST": "405"},
    "api:dashboard": {"GET": {"*": "403", "anonymous": "401", **QUEUE_ROLES}, "POST": "405"},
    "api:schema": {"GET": "200", "POST": "405"},
    "api:docs": {"GET": "200", "POST": "405"},
    "api_tokens:list": {
        "GET": {"*": "200", "anonymous": "login"},
        "POST": {"*": "400", "anonymous": "login", "suspended": "403"},
    },
    "api_tokens:revoke": {"GET": "405", "POST": {"*": "302", "anonymous": "login"}},
}
