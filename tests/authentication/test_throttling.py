"""Sign-in attempts are throttled per client address and per username (429, Retry-After, JSON)."""

import pytest

from authentication.throttling import LoginAddressThrottle, LoginUsernameThrottle
from tests.authentication.conftest import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = "/api/v1/auth/login/"


def attempt(client, username, password="wrong-password", **headers):
    return client.post(LOGIN, {"username": username, "password": password}, format="json", **headers)


def assert_throttled(response):
    assert response.status_code == 429, response.content
    assert int(response["Retry-After"]) > 0
    assert response["Content-Type"] == "application/json"
    assert "throttled" in response.json()["detail"]


def test_attempts_from_one_address_are_limited_whatever_the_username(anonymous_client, user):
    allowed = LoginAddressThrottle().num_requests
    for n in range(allowed):
        assert attempt(anonymous_client, f"guess{n}", REMOTE_ADDR="203.0.113.7").status_code == 400
    assert_throttled(attempt(anonymous_client, "reporter", PASSWORD, REMOTE_ADDR="203.0.113.7"))
    # Another address is not affected, and the right password works there.
    assert attempt(anonymous_client, "reporter", PASSWORD, REMOTE_ADDR="203.0.113.8").status_code == 200


def test_a_spoofed_forwarded_for_entry_does_not_reset_the_address_count(anonymous_client, user, settings):
    """Behind one proxy (NUM_PROXIES=1) the address is the one the proxy appended, not the client's claim."""
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    allowed = LoginAddressThrottle().num_requests
    for n in range(allowed):
        forwarded = f"198.51.100.{n}, 203.0.113.7"
        assert attempt(anonymous_client, f"guess{n}", HTTP_X_FORWARDED_FOR=forwarded).status_code == 400
    assert_throttled(attempt(anonymous_client, "other", HTTP_X_FORWARDED_FOR="198.51.100.99, 203.0.113.7"))
    assert attempt(anonymous_client, "other", HTTP_X_FORWARDED_FOR="203.0.113.8").status_code == 400


def test_without_proxies_forwarded_for_is_ignored(anonymous_client, user):
    """The default (NUM_PROXIES=0): the socket's address counts, whatever X-Forwarded-For claims."""
    allowed = LoginAddressThrottle().num_requests
    for n in range(allowed):
        claimed = f"198.51.100.{n}"
        assert attempt(anonymous_client, f"guess{n}", HTTP_X_FORWARDED_FOR=claimed).status_code == 400
    assert_throttled(attempt(anonymous_client, "other", HTTP_X_FORWARDED_FOR="198.51.100.250"))


def test_attempts_at_one_username_are_limited_whatever_the_address(anonymous_client, user):
    allowed = LoginUsernameThrottle().num_requests
    for n in range(allowed):
        assert attempt(anonymous_client, "reporter", REMOTE_ADDR=f"198.51.100.{n}").status_code == 400
    # Even the right password is refused until the window passes.
    assert_throttled(attempt(anonymous_client, "reporter", PASSWORD, REMOTE_ADDR="198.51.100.200"))
    # Another username from an address already used is not affected.
    assert attempt(anonymous_client, "someone-else", REMOTE_ADDR="198.51.100.0").status_code == 400


def test_successful_sign_ins_count_too(anonymous_client, user):
    allowed = min(LoginAddressThrottle().num_requests, LoginUsernameThrottle().num_requests)
    for _ in range(allowed):
        assert attempt(anonymous_client, "reporter", PASSWORD).status_code == 200
    assert_throttled(attempt(anonymous_client, "reporter", PASSWORD))


def test_the_rates_come_from_the_settings(settings):
    rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    assert LoginAddressThrottle().rate == rates["login_address"]
    assert LoginUsernameThrottle().rate == rates["login_username"]
