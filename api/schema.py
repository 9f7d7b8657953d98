"""How the OpenAPI schema describes the API beyond what DRF's views say by themselves
(drf-spectacular; the extensions are imported by ApiConfig.ready so that the generator finds
them): who may call each operation (anonymous visitors too, for public reads), and the
errors each may answer, all in the one error shape of api/errors.py."""

from drf_spectacular.authentication import SessionScheme
from drf_spectacular.extensions import OpenApiAuthenticationExtension, OpenApiSerializerExtension
from drf_spectacular.openapi import AutoSchema
from rest_framework.permissions import SAFE_METHODS

from api import inputs
from api.permissions import LoggedIn, LoggedInToWrite
from api.serializers import ErrorSerializer


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


class FlagInputScheme(OpenApiSerializerExtension):
    """A flag's note is needed with the reason `other` (FlagForm.clean)."""

    target_class = "api.inputs.FlagInput"

    def map_serializer(self, auto_schema, direction):
        schema = auto_schema._map_serializer(self.target, direction, bypass_extensions=True)
        return {**schema, **inputs.FLAG_NEEDS_NOTE}


RETRY_AFTER = {"Retry-After": {"schema": {"type": "integer"}, "required": True, "description": "Seconds to wait."}}
# status: (when, headers)
ERRORS = {
    400: (
        "Invalid input (`invalid`, with `fields`) or a body that is not a JSON object (`parse_error`). "
        "A request line longer than 4,094 bytes is refused by the web server (gunicorn) itself, in HTML.",
        {},
    ),
    401: (
        "No credentials where they are needed (`not_authenticated`), or a token that is unknown, "
        "revoked or malformed (`authentication_failed`).",
        {"WWW-Authenticate": {"schema": {"type": "string"}, "required": True}},
    ),
    403: ("The forum's rules refuse it (`permission_denied`), a read-only token (`token_scope`), CSRF.", {}),
    404: ("Nothing here (`not_found`): an id, a member or a cursor we never gave.", {}),
    415: ("A body that is not JSON or a form (`unsupported_media_type`).", {}),
    429: ("The API's rate (`throttled`) or the forum's limit on this action (`rate_limited`).", RETRY_AFTER),
    503: ("The cache that counts rate limits is down (`unavailable`): nothing was changed.", RETRY_AFTER),
}


def anonymous_allowed(view, method: str) -> bool:
    permissions = view.get_permissions()
    if any(isinstance(permission, LoggedInToWrite) for permission in permissions):
        return method in SAFE_METHODS
    return not any(isinstance(permission, LoggedIn) for permission in permissions)


class ApiAutoSchema(AutoSchema):
    def get_auth(self):
        """Public reads need no credentials: `{}` says so, beside the token and the session."""
        auths = super().get_auth()
        if anonymous_allowed(self.view, self.method):
            auths.append({})
        return auths

    def get_operation(self, path, path_regex, path_prefix, method, registry):
        operation = super().get_operation(path, path_regex, path_prefix, method, registry)
        if operation is None:
            return None
        for parameter in operation.get("parameters", []):
            if parameter["in"] == "path" and parameter["schema"].get("type") == "integer":
                parameter["schema"] = {**inputs.ID}  # ids: <int:...> in the URL, a bigint in the database
        error = self.resolve_serializer(ErrorSerializer, "response").ref
        for status in self.error_statuses(operation):
            description, headers = ERRORS[status]
            content = {"application/json": {"schema": error}}
            if status == 400:
                content["text/html"] = {"schema": {"type": "string"}}  # gunicorn's limit_request_line
            answer = {"description": description, "content": content}
            operation["responses"].setdefault(str(status), {**answer, **({"headers": headers} if headers else {})})
        return operation

    def error_statuses(self, operation: dict) -> list[int]:
        """Every operation may meet bad input (a NUL anywhere in the address is a 400), a bad
        token and a rate limit; lookups and cursors a 404; login-only ones the forum's rules;
        writes all of it, and the cache being down."""
        statuses = [400, 401, 429]
        parameters = {parameter["name"] for parameter in operation.get("parameters", [])}
        writes = self.method not in SAFE_METHODS
        if writes or not anonymous_allowed(self.view, self.method):
            statuses.append(403)
        if writes or "cursor" in parameters or any(p.get("in") == "path" for p in operation.get("parameters", [])):
            statuses.append(404)
        if writes:
            statuses += [415, 503]
        return sorted(statuses)
