"""GET /api/v1/active_user/: the token's user, which is how a client checks the key it holds."""

import re

import pytest

from api.pages.fastpath import format_datetime
from tests.authentication.conftest import PASSWORD
from tests.conftest import client_for
from tests.factories import ChannelFactory, UserFactory

pytestmark = pytest.mark.django_db

ACTIVE_USER = "/api/v1/active_user/"
DATETIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$")


def test_a_granted_user_sees_itself_and_its_channels(user):
    first, _, third = ChannelFactory(), ChannelFactory(), ChannelFactory()
    third.users.add(user)
    first.users.add(user)
    response = client_for(user).get(ACTIVE_USER)
    assert response.status_code == 200
    assert list(response.json().items()) == [
        ("id", user.pk),
        ("username", "reporter"),
        ("email", "reporter@example.com"),
        ("first_name", user.first_name),
        ("last_name", user.last_name),
        ("is_active", True),
        ("is_staff", False),
        ("is_superuser", False),
        ("date_joined", format_datetime(user.date_joined)),
        ("last_login", None),
        ("channels", [first.pk, third.pk]),
    ]
    assert DATETIME.match(response.json()["date_joined"])


def test_a_user_without_grants_reads_no_channel(user):
    ChannelFactory()
    assert client_for(user).get(ACTIVE_USER).json()["channels"] == []


def test_staff_read_every_channel(api_client, staff_user):
    channels = [ChannelFactory(), ChannelFactory()]
    body = api_client.get(ACTIVE_USER).json()
    assert body["is_staff"] is True
    assert body["username"] == staff_user.username
    assert body["channels"] == [channel.pk for channel in channels]


def test_last_login_is_the_last_sign_in(anonymous_client, user):
    key = anonymous_client.post(
        "/api/v1/auth/login/", {"username": "reporter", "password": PASSWORD}, format="json"
    ).json()["key"]
    anonymous_client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    body = anonymous_client.get(ACTIVE_USER.rstrip("/")).json()
    user.refresh_from_db()
    assert body["last_login"] == format_datetime(user.last_login)
    assert DATETIME.match(body["last_login"])


@pytest.mark.parametrize("authorization", [None, "Token wrong", "Bearer abc", "Token"])
def test_without_a_valid_token_it_is_a_json_401(anonymous_client, authorization):
    if authorization:
        anonymous_client.credentials(HTTP_AUTHORIZATION=authorization)
    response = anonymous_client.get(ACTIVE_USER)
    assert response.status_code == 401
    assert response["Content-Type"] == "application/json"
    assert "detail" in response.json()


def test_the_token_of_an_inactive_user_is_refused():
    client = client_for(UserFactory(is_active=False))
    assert client.get(ACTIVE_USER).status_code == 401


def test_it_is_read_only(user):
    client = client_for(user)
    for method in (client.post, client.put, client.patch, client.delete):
        response = method(ACTIVE_USER, {"is_staff": True}, format="json")
        assert response.status_code == 405
        assert "detail" in response.json()
    user.refresh_from_db()
    assert not user.is_staff


def test_options_describes_the_view(user):
    response = client_for(user).options(ACTIVE_USER)
    assert response.status_code == 200
    assert response.json()["renders"] == ["application/json"]
