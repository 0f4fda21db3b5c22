"""Limit counters are keyed by digests: no token, user id, username or password appears in a cache key."""

import re

import pytest
from django.core.cache import cache

from tests.authentication.conftest import PASSWORD
from tests.factories import TokenFactory

pytestmark = pytest.mark.django_db


def cache_keys() -> list[str]:
    # The test cache is Django's local-memory backend; its key store is the only way to list keys.
    return list(cache._cache)


def assert_no_key_holds(*secrets):
    keys = cache_keys()
    assert keys, "nothing was counted"
    for key in keys:
        for secret in secrets:
            assert secret.lower() not in key.lower(), key


def test_a_token_request_counts_under_a_digest(client, user):
    key = TokenFactory(user=user).key
    assert client.get("/api/v1/oms/cities/", HTTP_AUTHORIZATION=f"Token {key}").status_code == 200
    assert any(re.search("throttle_token_[0-9a-f]{64}:", k) for k in cache_keys())
    assert any(re.search("concurrency:all:[0-9a-f]{64}$", k) for k in cache_keys())
    assert_no_key_holds(key, f"user:{user.pk}")


def test_a_refused_token_counts_under_a_digest(anonymous_client):
    bad = "akr_" + "0badc0ffee" * 4
    assert anonymous_client.get("/api/v1/oms/cities/", HTTP_AUTHORIZATION=f"Token {bad}").status_code == 401
    assert_no_key_holds(bad, "127.0.0.1")


def test_api_sign_in_counts_under_digests(anonymous_client, user):
    body = {"username": "reporter", "password": PASSWORD}
    assert anonymous_client.post("/api/v1/auth/login/", body, format="json").status_code == 200
    assert len(cache_keys()) == 2
    assert_no_key_holds("reporter", PASSWORD, "127.0.0.1")


def test_admin_sign_in_counts_under_digests(client, user):
    client.post("/admin/login/", {"username": "reporter", "password": PASSWORD})
    assert len([key for key in cache_keys() if "login_" in key]) == 2
    assert_no_key_holds("reporter", PASSWORD, "127.0.0.1")
