"""An accepted token is remembered for API_TOKEN_CACHE_SECONDS (authentication/tokens.py): one lookup
per window, and a revoked token or changed user is refused at once by the process that saved it."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

import authentication.tokens
from authentication.models import APIToken
from tests.conftest import client_for
from tests.factories import TokenFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/oms/cities/"


def token_lookups(client):
    """The response to a page, and how many queries it made of the token table."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL)
    return response, sum(APIToken._meta.db_table in query["sql"] for query in queries.captured_queries)


@pytest.fixture
def clock(monkeypatch):
    """The memo's clock, moved by hand."""
    now = [1000.0]
    monkeypatch.setattr(authentication.tokens.time, "monotonic", lambda: now[0])
    return now


def test_a_token_is_looked_up_once_per_window(user, clock):
    client = client_for(user)
    assert [token_lookups(client)[1] for _ in range(3)] == [1, 0, 0]
    clock[0] += 1  # the window (API_TOKEN_CACHE_SECONDS, 1) has passed
    response, lookups = token_lookups(client)
    assert (response.status_code, lookups) == (200, 1)


def test_with_0_seconds_every_request_looks_its_token_up(user, settings):
    settings.API_TOKEN_CACHE_SECONDS = 0
    client = client_for(user)
    assert [token_lookups(client)[1] for _ in range(3)] == [1, 1, 1]


def test_a_deleted_token_is_refused_at_once(user, clock):
    client = client_for(user)
    assert client.get(URL).status_code == 200
    APIToken.objects.get(user=user).delete()
    assert client.get(URL).status_code == 401


def test_a_deactivated_user_is_refused_at_once(user, clock):
    client = client_for(user)
    assert client.get(URL).status_code == 200
    user.is_active = False
    user.save()
    response = client.get(URL)
    assert response.status_code == 401
    assert response.json()["detail"] == "User inactive or deleted."


def test_a_write_that_bypasses_signals_is_seen_when_the_window_ends(user, clock):
    client = client_for(user)
    assert client.get(URL).status_code == 200
    get_user_model().objects.filter(pk=user.pk).update(is_active=False)
    assert client.get(URL).status_code == 200  # within the window, as documented
    clock[0] += 1
    assert client.get(URL).status_code == 401


def test_each_request_gets_its_own_copy_of_the_user(user, clock):
    key = TokenFactory(user=user).key
    authenticate = authentication.tokens.TokenAuthentication().authenticate_credentials
    (first, first_token), (second, second_token) = authenticate(key), authenticate(key)
    assert first.pk == second.pk == user.pk and first is not second
    assert first_token.pk == second_token.pk and first_token is not second_token
    assert first_token.user is first and second_token.user is second
    # Nothing one request sets on its copies reaches the next request's.
    first.first_name, first_token.name = "set by a request", "set by a request"
    first._state.fields_cache["set by a request"] = first_token._state.fields_cache["user"] = None
    third, third_token = authenticate(key)
    assert third.first_name == user.first_name and third_token.name != "set by a request"
    assert third_token.user is third and "set by a request" not in third._state.fields_cache


def test_a_refused_key_is_not_remembered(user, clock):
    client = client_for(user)
    client.credentials(HTTP_AUTHORIZATION="Token akr_" + "0" * 40)
    assert client.get(URL).status_code == 401
    assert authentication.tokens._remembered == {}
