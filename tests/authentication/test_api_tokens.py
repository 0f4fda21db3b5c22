"""Several named tokens per user, expiry, last use, and limits that count per user, through HTTP."""

import contextlib
import time
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

import authentication.tokens
from authentication.models import APIToken
from tests.authentication.conftest import PASSWORD
from tests.factories import TokenFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/oms/cities/"
LOGIN = "/api/v1/auth/login/"


def get(client, key, url=URL):
    return client.get(url, HTTP_AUTHORIZATION=f"Token {key}")


@pytest.fixture
def clock(monkeypatch):
    """The memo's clock, moved by hand."""
    now = [1000.0]
    monkeypatch.setattr(authentication.tokens.time, "monotonic", lambda: now[0])
    return now


def test_a_job_rotates_its_key_without_downtime(anonymous_client, user):
    first = TokenFactory(user=user, name="nightly")
    second = TokenFactory(user=user, name="nightly (new)")
    assert [get(anonymous_client, t.key).status_code for t in (first, second)] == [200, 200]
    first.delete()
    assert get(anonymous_client, first.key).status_code == 401
    assert get(anonymous_client, second.key).status_code == 200


def test_an_expired_token_is_a_401_saying_so_even_while_remembered(anonymous_client, user, clock):
    token = TokenFactory(user=user, expires=timezone.now() + timedelta(seconds=1))
    assert get(anonymous_client, token.key).status_code == 200  # remembered: the memo's clock stands still
    time.sleep(1.05)
    response = get(anonymous_client, token.key)
    assert response.status_code == 401
    assert response.json() == {"detail": "Token expired."}


@pytest.mark.parametrize("key", ["akr_" + "A" * 40, "0" * 40], ids=["unknown", "unknown-legacy-format"])
def test_an_unknown_or_revoked_token_gets_todays_401(anonymous_client, user, key):
    revoked = TokenFactory(user=user)
    revoked.delete()
    for tried in (key, revoked.key):
        response = get(anonymous_client, tried)
        assert (response.status_code, response.json()) == (401, {"detail": "Invalid token."})


def test_a_deactivated_users_tokens_are_all_refused(anonymous_client, user):
    keys = [TokenFactory(user=user).key for _ in range(2)]
    user.is_active = False
    user.save()
    assert [get(anonymous_client, key).status_code for key in keys] == [401, 401]


def test_last_used_is_written_at_most_once_a_minute(anonymous_client, user, clock, settings):
    settings.API_TOKEN_CACHE_SECONDS = 600
    token = TokenFactory(user=user, last_used=None)

    def writes():
        with CaptureQueriesContext(connection) as queries:
            assert get(anonymous_client, token.key).status_code == 200
        return sum(q["sql"].startswith("UPDATE") and "last_used" in q["sql"] for q in queries)

    assert writes() == 1
    token.refresh_from_db()
    assert token.last_used is not None
    clock[0] += 59
    assert [writes(), writes()] == [0, 0]
    clock[0] += 1
    assert writes() == 1


@contextlib.contextmanager
def writes_refused():
    """The database refuses writes and serves reads, as a primary demoted in a failover does."""
    modes = {"sqlite": ("PRAGMA query_only = ON", "PRAGMA query_only = OFF")}
    on, off = modes.get(
        connection.vendor,
        (
            "SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY",
            "SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE",
        ),
    )
    with connection.cursor() as cursor:
        cursor.execute(on)
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(off)


# Transactional: each statement its own transaction, so that PostgreSQL's read-only mode applies.
@pytest.mark.django_db(transaction=True)
def test_a_refused_last_used_write_does_not_fail_the_read(user, clock, settings, caplog):
    settings.API_TOKEN_CACHE_SECONDS = 600
    token = TokenFactory(user=user)
    client = APIClient()
    assert get(client, token.key).status_code == 200  # remembered
    clock[0] += 61  # its last use is due again
    with writes_refused():
        response = get(client, token.key)
    assert response.status_code == 200, response.content
    assert any("Could not record the use of API token" in r.getMessage() for r in caplog.records)


def test_the_tokens_of_one_user_share_its_rate_limit(anonymous_client, user, tight_rates):
    first, second = TokenFactory(user=user), TokenFactory(user=user)
    codes = [get(anonymous_client, key).status_code for key in (first.key, second.key, first.key, second.key)]
    assert codes == [200, 200, 200, 429]


def sign_in(client):
    return client.post(LOGIN, {"username": "reporter", "password": PASSWORD}, format="json")


def test_sign_in_keys_expire_by_default(anonymous_client, user, settings):
    settings.API_SIGN_IN_TOKEN_TTL_HOURS = 2
    key = sign_in(anonymous_client).json()["key"]
    token = APIToken.objects.get(user=user)
    assert token.sign_in and timedelta(hours=1, minutes=59) < token.expires - timezone.now() <= timedelta(
        hours=2
    )
    assert get(anonymous_client, key, "/api/v1/active_user/").status_code == 200


def test_past_the_live_sign_in_keys_allowed_sign_in_is_refused_and_no_key_is_revoked(
    anonymous_client, user, settings
):
    settings.API_SIGN_IN_TOKENS_PER_USER = 2
    TokenFactory(
        user=user, sign_in=True, expires=timezone.now() - timedelta(seconds=1)
    )  # expired: not counted
    TokenFactory(user=user, name="job")  # a job's named token: not counted
    keys = [sign_in(anonymous_client).json()["key"] for _ in range(2)]
    refused = sign_in(anonymous_client)
    assert refused.status_code == 400
    assert "already holds 2 live sign-in keys" in refused.json()["non_field_errors"][0]
    assert APIToken.objects.filter(user=user).count() == 4
    assert [get(anonymous_client, key).status_code for key in keys] == [200, 200]
    # Signing out with one frees its place.
    assert (
        anonymous_client.post("/api/v1/auth/logout/", HTTP_AUTHORIZATION=f"Token {keys[0]}").status_code
        == 200
    )
    assert sign_in(anonymous_client).status_code == 200
