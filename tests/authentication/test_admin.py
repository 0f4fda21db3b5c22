"""API tokens in the admin: listed by name and prefix (never a key), a new key shown once, revocable."""

import re

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext

from authentication.models import APIToken, digest
from tests.conftest import client_for
from tests.factories import TokenFactory, UserFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/authentication/apitoken/"


def security_lines(json_lines):
    return [line for line in json_lines() if line["name"] == "authentication.security"]


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(username="admin", is_staff=True, is_superuser=True))
    return client


def test_tokens_are_listed_by_name_and_prefix_never_by_key(admin_client):
    wanted, other = TokenFactory(user__username="etl-job"), TokenFactory(user__username="someone")
    page = admin_client.get(CHANGELIST, {"q": "etl"}).content.decode()
    assert wanted.name in page and wanted.prefix in page
    assert other.prefix not in page
    for token in (wanted, other):
        assert token.key not in page and token.digest not in page
    change = admin_client.get(f"{CHANGELIST}{wanted.pk}/change/").content.decode()
    assert wanted.prefix in change and wanted.key not in change and wanted.digest not in change


def test_the_list_costs_the_same_queries_for_more_tokens(admin_client):
    TokenFactory.create_batch(2)
    with CaptureQueriesContext(connection) as few:
        assert admin_client.get(CHANGELIST).status_code == 200
    TokenFactory.create_batch(8)
    with CaptureQueriesContext(connection) as many:
        assert admin_client.get(CHANGELIST).status_code == 200
    assert len(many) == len(few)


def test_the_user_is_a_raw_id_field(admin_client):
    page = admin_client.get(f"{CHANGELIST}add/").content.decode()
    assert "vForeignKeyRawIdAdminField" in page
    assert "<select" not in page


def test_deleting_a_token_in_the_admin_revokes_it_and_is_in_its_history(admin_client, json_lines):
    user = UserFactory()
    client = client_for(user)
    token = APIToken.objects.get(user=user)
    assert client.get("/api/v1/active_user/").status_code == 200
    response = admin_client.post(f"{CHANGELIST}{token.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not APIToken.objects.filter(user=user).exists()
    assert client.get("/api/v1/active_user/").status_code == 401
    assert LogEntry.objects.get(object_id=str(token.pk)).is_deletion()
    assert [line["event"] for line in security_lines(json_lines)] == ["token_revoked"]


def test_a_token_added_in_the_admin_is_shown_once_and_stored_as_a_digest(admin_client, json_lines):
    user = UserFactory(email="jobs@reports.example")
    response = admin_client.post(
        f"{CHANGELIST}add/", {"user": user.pk, "name": "nightly export", "expires": ""}
    )
    assert response.status_code == 200
    key = re.search(r'<code id="api-key">(akr_\w+)</code>', response.content.decode())[1]
    token = APIToken.objects.get(user=user)
    assert (token.name, token.digest, token.expires) == ("nightly export", digest(key), None)
    # Not kept by the messages framework or anywhere in the session: it is on this page only.
    assert key not in str(response.cookies)
    assert not any(key in str(session.get_decoded()) for session in Session.objects.all())
    assert key not in admin_client.get(f"{CHANGELIST}{token.pk}/change/").content.decode()
    listed = admin_client.get(CHANGELIST, {"q": "reports.example"}).content.decode()
    assert token.prefix in listed and key not in listed
    api = client_for(user)
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.get("/api/v1/active_user/").status_code == 200
    entry = LogEntry.objects.get(object_id=str(token.pk))
    assert entry.is_addition() and key not in entry.object_repr and token.digest not in entry.object_repr
    (logged,) = security_lines(json_lines)
    assert (logged["event"], logged["via"], logged["token_prefix"]) == (
        "token_created",
        "the admin",
        token.prefix,
    )
    assert key not in str(logged) and token.digest not in str(logged)


@pytest.mark.parametrize(
    "form, error",
    [
        ({"name": "taken"}, "already has a token named &#x27;taken&#x27;"),
        ({"name": "x" * 65}, "at most 64 characters"),
        ({"name": "new", "expires_0": "2001-01-01", "expires_1": "00:00:00"}, "in the past"),
    ],
)
def test_bad_input_in_the_add_form_is_an_error_and_adds_nothing(admin_client, form, error):
    user = UserFactory()
    TokenFactory(user=user, name="taken")
    response = admin_client.post(f"{CHANGELIST}add/", {"user": user.pk, **form})
    assert response.status_code == 200
    assert error in response.content.decode()
    assert APIToken.objects.count() == 1


def test_renaming_a_token_to_a_name_its_user_has_is_an_error_and_changes_nothing(admin_client):
    user = UserFactory()
    TokenFactory(user=user, name="taken")
    token = TokenFactory(user=user, name="mine")
    response = admin_client.post(f"{CHANGELIST}{token.pk}/change/", {"name": "taken", "expires": ""})
    assert response.status_code == 200
    assert "already has a token named" in response.content.decode()
    token.refresh_from_db()
    assert token.name == "mine"
