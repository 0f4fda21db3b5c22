"""Requests with a refused token count against their address's anonymous budget, and cost one lookup."""

import pytest
from rest_framework.throttling import SimpleRateThrottle

from tests.conftest import client_for
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/oms/cities/"


@pytest.fixture
def tight_rates(monkeypatch):
    rates = {**SimpleRateThrottle.THROTTLE_RATES, "anonymous": "3/min"}
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", rates)


def with_token(client, key, address="198.51.100.1"):
    return client.get(URL, HTTP_AUTHORIZATION=f"Token {key}", REMOTE_ADDR=address)


def test_each_bad_token_is_charged_to_its_address(tight_rates, anonymous_client):
    codes = [with_token(anonymous_client, f"{n:040x}").status_code for n in range(5)]
    assert codes == [401, 401, 401, 429, 429]
    throttled = with_token(anonymous_client, "f" * 40)
    assert int(throttled["Retry-After"]) > 0
    assert "throttled" in throttled.json()["detail"]
    # Another address keeps its own budget.
    assert with_token(anonymous_client, "e" * 40, address="198.51.100.2").status_code == 401


def test_a_malformed_header_is_charged_too(tight_rates, anonymous_client):
    headers = ["Token", "Token a b", "Token \x00" + "a" * 39, f"Token {'a' * 41}"]
    codes = [anonymous_client.get(URL, HTTP_AUTHORIZATION=h).status_code for h in headers]
    assert codes == [401, 401, 401, 429]
    assert anonymous_client.get(URL, HTTP_AUTHORIZATION="Token").status_code == 429


def test_bad_tokens_and_missing_tokens_share_one_budget(tight_rates, anonymous_client):
    assert anonymous_client.get(URL, REMOTE_ADDR="198.51.100.1").status_code == 401
    assert with_token(anonymous_client, "a" * 40).status_code == 401
    assert anonymous_client.get(URL, REMOTE_ADDR="198.51.100.1").status_code == 401
    assert with_token(anonymous_client, "b" * 40).status_code == 429
    assert anonymous_client.get(URL, REMOTE_ADDR="198.51.100.1").status_code == 429


def test_a_valid_token_from_a_throttled_address_is_served(tight_rates, anonymous_client):
    for n in range(4):
        with_token(anonymous_client, f"{n:040x}")
    valid = client_for(UserFactory())
    assert valid.get(URL, REMOTE_ADDR="198.51.100.1").status_code == 200


def test_a_key_no_token_can_have_costs_no_lookup(anonymous_client, django_assert_num_queries):
    for key in ("\x00" * 40, "a" * 41):
        with django_assert_num_queries(0):
            assert with_token(anonymous_client, key).status_code == 401


def test_a_refused_token_costs_one_indexed_lookup(anonymous_client, django_assert_num_queries):
    with django_assert_num_queries(1) as captured:
        response = with_token(anonymous_client, "c" * 40)
    assert response.status_code == 401
    assert "invalid token" in response.json()["detail"].lower()
    # By the digest's unique index.
    assert '"authentication_apitoken"."digest" = ' in captured.captured_queries[0]["sql"].replace("`", '"')


def test_a_throttled_refusal_costs_the_same_lookup_and_no_more(
    tight_rates, anonymous_client, django_assert_num_queries
):
    for n in range(3):
        with_token(anonymous_client, f"{n:040x}")
    with django_assert_num_queries(1):
        assert with_token(anonymous_client, "d" * 40).status_code == 429


def test_an_inactive_users_token_is_refused_and_charged(tight_rates):
    client = client_for(UserFactory(is_active=False))
    codes = [client.get(URL, REMOTE_ADDR="198.51.100.9").status_code for _ in range(4)]
    assert codes == [401, 401, 401, 429]
