import pytest
from django.test import Client

from api import tokens
from api.models import ApiToken
from tests.factories import UserFactory, make_thread


@pytest.fixture
def make_token():
    """make_token(user, scope="write") -> the token string (the row is found by its hash)."""

    def make(user, scope: str = ApiToken.Scope.WRITE, name: str = "script") -> str:
        _row, token = tokens.create_token(user=user, name=name, scope=scope)
        return token

    return make


@pytest.fixture
def bearer():
    """bearer(token) -> a test client sending that token on every request."""

    def make(token: str) -> Client:
        return Client(headers={"Authorization": f"Bearer {token}"})

    return make


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    settings.PAGE_CACHE = False


@pytest.fixture
def thread(db):
    """A question by a member called asker."""
    return make_thread(author=UserFactory(username="asker"))


@pytest.fixture
def api(member, make_token, bearer):
    """A test client speaking with a token of `member`'s."""
    return bearer(make_token(member))


def error_of(response, status: int) -> dict:
    """The API's error object of a response that must have `status`, in the one error shape."""
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "fields"}
    assert body["error"]["message"]
    return body["error"]
