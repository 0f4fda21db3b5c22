"""Tokens in the admin: listed with their user, searchable by username, revocable."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token

from tests.conftest import client_for
from tests.factories import TokenFactory, UserFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/authtoken/tokenproxy/"


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(username="admin", is_staff=True, is_superuser=True))
    return client


def test_tokens_are_listed_and_searchable_by_username(admin_client):
    wanted, other = TokenFactory(user__username="etl-job"), TokenFactory(user__username="someone")
    page = admin_client.get(CHANGELIST, {"q": "etl"}).content.decode()
    assert wanted.key in page
    assert other.key not in page


def test_the_list_costs_the_same_queries_for_more_tokens(admin_client):
    TokenFactory.create_batch(2)
    with CaptureQueriesContext(connection) as few:
        assert admin_client.get(CHANGELIST).status_code == 200
    TokenFactory.create_batch(8)
    with CaptureQueriesContext(connection) as many:
        assert admin_client.get(CHANGELIST).status_code == 200
    assert len(many) == len(few)


def test_the_user_is_a_raw_id_field(admin_client):
    token = TokenFactory()
    page = admin_client.get(f"{CHANGELIST}{token.user_id}/change/").content.decode()
    assert "vForeignKeyRawIdAdminField" in page
    assert "<select" not in page


def test_deleting_a_token_in_the_admin_revokes_it(admin_client):
    user = UserFactory()
    client = client_for(user)
    assert client.get("/api/v1/active_user/").status_code == 200
    response = admin_client.post(f"{CHANGELIST}{user.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Token.objects.filter(user=user).exists()
    assert client.get("/api/v1/active_user/").status_code == 401


def test_a_token_is_issued_in_the_admin_by_user_id_and_found_by_email(admin_client):
    user = UserFactory(email="jobs@reports.example")
    response = admin_client.post(f"{CHANGELIST}add/", {"user": user.pk})
    assert response.status_code == 302
    key = Token.objects.get(user=user).key
    assert key in admin_client.get(CHANGELIST, {"q": "reports.example"}).content.decode()
