"""The API's own rules: what a token's scope allows. Who may do what in the forum is decided
by the apps' permissions.py, which the views call as the pages do."""

from rest_framework import exceptions, permissions

from api.models import ApiToken


class TokenScopeRefused(exceptions.PermissionDenied):
    default_code = "token_scope"
    default_detail = "This token is read-only: create a read-write token to make changes."


class TokenScope(permissions.BasePermission):
    """A read-only token reads; writing needs a read-write token (or the session)."""

    def has_permission(self, request, view) -> bool:
        token = request.auth
        if isinstance(token, ApiToken) and request.method not in permissions.SAFE_METHODS and not token.can_write:
            raise TokenScopeRefused()
        return True


class LoggedIn(permissions.IsAuthenticated):
    """Anonymous requests get a 401 that says how to authenticate."""

    message = "Authenticate with a personal API token (Authorization: Bearer <token>) or the site's session."


class LoggedInToWrite(LoggedIn):
    """Anyone reads; writing needs someone (a 401 for anonymous requests)."""

    def has_permission(self, request, view) -> bool:
        return request.method in permissions.SAFE_METHODS or super().has_permission(request, view)
