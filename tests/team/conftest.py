import pytest

from tests.factories import UserFactory


@pytest.fixture
def lead(db):
    return UserFactory(username="lena", display_name="Lena", groups=["Leads"])


@pytest.fixture
def lead_client(client, lead):
    client.force_login(lead)
    return client
