"""How the schema describes our authentication (drf-spectacular extensions; imported by
ApiConfig.ready so that the generator finds them)."""

from drf_spectacular.authentication import SessionScheme
from drf_spectacular.extensions import OpenApiAuthenticationExtension


class BearerTokenScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.BearerTokenAuthentication"
    name = "personalToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A personal API token from /settings/api-tokens/ (hc_<prefix>_<secret>).",
        }


class CsrfSessionScheme(SessionScheme):
    target_class = "api.authentication.SessionAuthentication"
