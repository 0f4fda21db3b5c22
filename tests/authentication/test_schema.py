"""The sign-in views in the OpenAPI schema (/api/schema/)."""

import pytest

from authentication.serializers import ActiveUserSerializer

pytestmark = pytest.mark.django_db


@pytest.fixture
def schema(api_client):
    response = api_client.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    return response.json()


def resolve(schema, reference):
    return schema["components"]["schemas"][reference["$ref"].rsplit("/", 1)[-1]]


def json_schema(operation, status):
    return operation["responses"][status]["content"]["application/json"]["schema"]


def test_login(schema):
    operations = schema["paths"]["/api/v1/auth/login/"]
    assert list(operations) == ["post"]
    login = operations["post"]
    assert "security" not in login
    for media_type in ("application/json", "application/x-www-form-urlencoded"):
        body = resolve(schema, login["requestBody"]["content"][media_type]["schema"])
        assert list(body["properties"]) == ["username", "password"]
        assert sorted(body["required"]) == ["password", "username"]
    assert resolve(schema, json_schema(login, "200"))["properties"] == {
        "key": {"type": "string", "minLength": 44, "maxLength": 44}
    }
    assert "non_field_errors" in resolve(schema, json_schema(login, "400"))["properties"]
    assert "detail" in resolve(schema, json_schema(login, "429"))["properties"]


def test_logout(schema):
    operations = schema["paths"]["/api/v1/auth/logout/"]
    assert list(operations) == ["post"]
    logout = operations["post"]
    assert "requestBody" not in logout
    assert {"tokenAuth": []} in logout["security"]
    assert "detail" in resolve(schema, json_schema(logout, "200"))["properties"]
    assert "401" in logout["responses"]


def test_active_user(schema):
    operations = schema["paths"]["/api/v1/active_user/"]
    assert list(operations) == ["get"]
    user = resolve(schema, json_schema(operations["get"], "200"))
    assert list(user["properties"]) == ActiveUserSerializer.Meta.fields
    assert user["properties"]["channels"] == {"type": "array", "items": {"type": "integer"}, "readOnly": True}
    assert user["properties"]["last_login"]["format"] == "date-time"
    assert "401" in operations["get"]["responses"]
