import pytest
from django.test import Client

from api import tokens
from api.models import ApiToken


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
