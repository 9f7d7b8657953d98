"""Who an API request is: a personal token (`Authorization: Bearer hc_...`) or the site's
own session, whose writes must carry the CSRF token as the pages' forms do."""

from rest_framework import authentication, exceptions

from api import tokens


class CsrfFailed(exceptions.PermissionDenied):
    default_code = "csrf_failed"
    default_detail = "CSRF check failed: send the csrftoken cookie's value in the X-CSRFToken header."


class BearerTokenAuthentication(authentication.BaseAuthentication):
    """A personal API token. A request that sends one is that token's or nobody's: an
    unknown or revoked token is a 401, never a fall back to the session."""

    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed("Send the token as “Authorization: Bearer <token>”.")
        try:
            raw = header[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed("This token is not valid.") from None
        token = tokens.find_token(raw)
        if token is None:
            raise exceptions.AuthenticationFailed("This token is unknown or revoked, or its account is closed.")
        tokens.note_use(token)
        return token.user, token

    def authenticate_header(self, request) -> str:
        # Makes an anonymous request's refusal a 401 that says how to authenticate.
        return f'{self.keyword} realm="api"'


class SessionAuthentication(authentication.SessionAuthentication):
    """The session of the site's own pages, with CSRF enforced on writes (DRF's rule), and
    a refusal that says it was the CSRF check."""

    def enforce_csrf(self, request):
        try:
            super().enforce_csrf(request)
        except exceptions.PermissionDenied as denied:
            raise CsrfFailed() from denied
