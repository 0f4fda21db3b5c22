"""POST /api/v1/auth/logout/ revokes the key it is called with: it then answers 401 everywhere."""

import pytest
from rest_framework.test import APIClient

from authentication.models import APIToken
from tests.authentication.conftest import PASSWORD
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

LOGOUT = "/api/v1/auth/logout/"


def test_logout_revokes_the_key_everywhere(user):
    client = client_for(user)
    assert client.get("/api/v1/active_user/").status_code == 200
    assert client.get("/api/v1/oms/cities/").status_code == 200

    response = client.post(LOGOUT)
    assert response.status_code == 200
    assert response.json() == {"detail": "Successfully logged out."}
    assert not APIToken.objects.filter(user=user).exists()

    for path in ("/api/v1/active_user/", "/api/v1/oms/cities/", "/api/v1/remote/1/data-warehouse/cities/"):
        response = client.get(path)
        assert response.status_code == 401, path
        assert response.json() == {"detail": "Invalid token."}
    assert client.post(LOGOUT).status_code == 401


def test_signing_in_after_logout_gives_a_new_working_key(user):
    client = client_for(user)
    old_key = client._credentials["HTTP_AUTHORIZATION"].split()[1]
    client.post(LOGOUT.rstrip("/"))
    anonymous = APIClient()
    new_key = anonymous.post(
        "/api/v1/auth/login/", {"username": "reporter", "password": PASSWORD}, format="json"
    ).json()["key"]
    assert new_key != old_key
    anonymous.credentials(HTTP_AUTHORIZATION=f"Token {new_key}")
    assert anonymous.get("/api/v1/active_user/").status_code == 200


def test_logout_without_a_token_is_a_json_401(anonymous_client):
    response = anonymous_client.post(LOGOUT)
    assert response.status_code == 401
    assert "detail" in response.json()


def test_logout_is_post_only(user):
    response = client_for(user).get(LOGOUT)
    assert response.status_code == 405
    assert "detail" in response.json()
    assert APIToken.objects.filter(user=user).exists()


def test_options_describes_logout_without_revoking(user):
    client = client_for(user)
    response = client.options(LOGOUT)
    assert response.status_code == 200
    assert response.json()["name"] == "Logout"
    assert client.get("/api/v1/active_user/").status_code == 200
