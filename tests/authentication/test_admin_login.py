"""The admin's sign-in is limited per address and per username, sharing the API login's counters."""

import pytest

from authentication.throttling import LoginAddressThrottle, LoginUsernameThrottle
from tests.authentication.conftest import PASSWORD
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ADMIN_LOGIN = "/admin/login/"


@pytest.fixture
def superuser(db):
    return UserFactory(username="root", is_staff=True, is_superuser=True)


def admin_attempt(client, username, password="wrong-password", address="203.0.113.7"):
    return client.post(ADMIN_LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def assert_throttled(response):
    assert response.status_code == 429, response.content
    assert int(response["Retry-After"]) > 0
    assert "Too many sign-in attempts" in response.content.decode()


def test_attempts_from_one_address_are_limited_whatever_the_username(client, superuser):
    for n in range(LoginAddressThrottle().num_requests):
        assert admin_attempt(client, f"guess{n}").status_code == 200  # the form again, with its error
    assert_throttled(admin_attempt(client, "root", PASSWORD))
    assert "sessionid" not in client.cookies
    # Another address is not affected, and the right password works there.
    assert admin_attempt(client, "root", PASSWORD, address="203.0.113.8").status_code == 302


def test_attempts_at_one_username_are_limited_whatever_the_address(client, superuser):
    for n in range(LoginUsernameThrottle().num_requests):
        assert admin_attempt(client, "root", address=f"198.51.100.{n}").status_code == 200
    assert_throttled(admin_attempt(client, "root", PASSWORD, address="192.0.2.1"))
    assert admin_attempt(client, "someone-else", address="192.0.2.2").status_code == 200


def test_the_admin_and_the_api_share_one_budget(client, anonymous_client, superuser):
    allowed = LoginUsernameThrottle().num_requests
    for n in range(allowed // 2):
        admin_attempt(client, "root", address=f"198.51.100.{n}")
    for n in range(allowed - allowed // 2):
        body = {"username": "root", "password": "wrong-password"}
        anonymous_client.post("/api/v1/auth/login/", body, format="json", REMOTE_ADDR=f"192.0.2.{n}")
    assert_throttled(admin_attempt(client, "root", PASSWORD, address="203.0.113.99"))
    response = anonymous_client.post("/api/v1/auth/login/", {"username": "root", "password": PASSWORD})
    assert response.status_code == 429


def test_showing_the_form_is_not_an_attempt(client, superuser):
    for _ in range(LoginAddressThrottle().num_requests + 1):
        assert client.get(ADMIN_LOGIN, REMOTE_ADDR="203.0.113.7").status_code == 200
    assert admin_attempt(client, "root", PASSWORD).status_code == 302
