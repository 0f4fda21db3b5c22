"""POST /api/v1/auth/login/: credentials for a new sign-in key, as Akinon's clients sign in."""

import pytest
from django.contrib.auth.models import User

from authentication.models import APIToken, digest
from tests.authentication.conftest import PASSWORD
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "/api/v1/auth/login/"


@pytest.mark.parametrize("body_format", ["json", "multipart"])
def test_valid_credentials_give_a_new_sign_in_key(anonymous_client, user, body_format):
    """A JSON body and a form body both work; only the key's digest is stored."""
    assert not APIToken.objects.filter(user=user).exists()
    response = anonymous_client.post(
        LOGIN, {"username": "reporter", "password": PASSWORD}, format=body_format
    )
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/json"
    key = response.json()["key"]
    token = APIToken.objects.get(user=user)
    assert (token.digest, token.sign_in, token.prefix) == (digest(key), True, key[:10])


def test_an_urlencoded_form_body_works(anonymous_client, user):
    response = anonymous_client.post(
        LOGIN,
        f"username=reporter&password={PASSWORD}",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200, response.content
    assert APIToken.objects.get(user=user).digest == digest(response.json()["key"])


def test_the_path_answers_without_its_trailing_slash(anonymous_client, user):
    response = anonymous_client.post(
        LOGIN.rstrip("/"), {"username": "reporter", "password": PASSWORD}, format="json"
    )
    assert response.status_code == 200
    assert "key" in response.json()


def test_sign_in_records_last_login_and_sets_no_session_cookie(anonymous_client, user):
    assert user.last_login is None
    response = anonymous_client.post(LOGIN, {"username": "reporter", "password": PASSWORD}, format="json")
    assert response.status_code == 200
    user.refresh_from_db()
    assert user.last_login is not None
    assert "sessionid" not in response.cookies


def test_a_stale_authorization_header_does_not_prevent_signing_in(anonymous_client, user):
    anonymous_client.credentials(HTTP_AUTHORIZATION="Token 0000000000000000000000000000000000000000")
    response = anonymous_client.post(LOGIN, {"username": "reporter", "password": PASSWORD}, format="json")
    assert response.status_code == 200, response.content


@pytest.mark.parametrize(
    "credentials",
    [
        {"username": "reporter", "password": "wrong-password"},
        {"username": "nobody", "password": PASSWORD},
        {"username": "REPORTER", "password": PASSWORD},
        {"username": "reporter", "password": f" {PASSWORD} "},
    ],
    ids=["wrong-password", "unknown-user", "other-case", "padded-password"],
)
def test_wrong_credentials_are_a_json_400(anonymous_client, user, credentials):
    response = anonymous_client.post(LOGIN, credentials, format="json")
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["Unable to log in with provided credentials."]}
    assert not APIToken.objects.exists()


def test_an_inactive_user_cannot_sign_in(anonymous_client):
    UserFactory(username="gone", is_active=False)
    response = anonymous_client.post(LOGIN, {"username": "gone", "password": PASSWORD}, format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["non_field_errors"]
    assert not APIToken.objects.exists()


@pytest.mark.parametrize(
    "body, missing",
    [
        ({"password": PASSWORD}, ["username"]),
        ({"username": "reporter"}, ["password"]),
        ({"username": "", "password": PASSWORD}, ["username"]),
        ({}, ["username", "password"]),
    ],
)
@pytest.mark.parametrize("body_format", ["json", "multipart"])
def test_a_missing_field_is_a_400_naming_it(anonymous_client, user, body, missing, body_format):
    response = anonymous_client.post(LOGIN, body, format=body_format)
    assert response.status_code == 400
    errors = response.json()
    assert sorted(errors) == sorted(missing)
    assert all(isinstance(errors[name], list) and errors[name] for name in missing)


@pytest.mark.parametrize(
    "content, content_type",
    [("{not json", "application/json"), ('["reporter"]', "application/json"), ("x", "text/plain")],
    ids=["malformed-json", "not-an-object", "unsupported-type"],
)
def test_a_body_that_cannot_be_read_is_a_json_error(anonymous_client, user, content, content_type):
    response = anonymous_client.post(LOGIN, content, content_type=content_type)
    assert response.status_code in (400, 415)
    assert response["Content-Type"] == "application/json"
    assert response.json()


def test_only_post_is_allowed(anonymous_client):
    response = anonymous_client.get(LOGIN)
    assert response.status_code == 405
    assert "detail" in response.json()


def test_users_are_unchanged_by_a_failed_attempt(anonymous_client, user):
    before = User.objects.values_list("id", "password", "last_login").get(pk=user.pk)
    anonymous_client.post(LOGIN, {"username": "reporter", "password": "nope"}, format="json")
    assert User.objects.values_list("id", "password", "last_login").get(pk=user.pk) == before
