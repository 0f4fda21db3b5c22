"""The API authenticates by token only: an admin session opens the admin, never the API."""

import pytest

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

API_PATHS = ["/api/v1/oms/cities/", "/api/v1/active_user/", "/api/v1/remote/1/data-warehouse/addresses/"]


@pytest.fixture
def signed_in_browser(client):
    """A browser signed in to the admin through its login form (session cookie and CSRF token)."""
    UserFactory(username="admin", is_staff=True, is_superuser=True)
    response = client.post("/admin/login/", {"username": "admin", "password": "secret-pass-123"})
    assert response.status_code == 302, response.content
    assert client.get("/admin/").status_code == 200
    return client


@pytest.mark.parametrize("path", API_PATHS)
def test_an_admin_session_gets_401_on_the_api(signed_in_browser, path):
    response = signed_in_browser.get(path)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert "detail" in response.json()


def test_the_schema_offers_the_token_scheme_only(api_client):
    schema = api_client.get("/api/schema/", {"format": "json"}).json()
    assert schema["components"]["securitySchemes"] == {
        "tokenAuth": {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": 'Token-based authentication with required prefix "Token"',
        }
    }
    schemes = {
        name
        for path in schema["paths"].values()
        for op in path.values()
        for s in op.get("security", [])
        for name in s
    }
    assert schemes == {"tokenAuth"}
