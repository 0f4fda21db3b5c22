"""The admin as a person reads it: the service's name, apps named in words, an icon, lists that fit."""

import re

import pytest
from django.contrib.staticfiles import finders

from tests.datawarehouse.tracking.factories import AuditEventFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_the_index_names_the_service_and_every_app_in_words(admin_client):
    page = admin_client.get("/admin/")
    assert page.status_code == 200
    assert "<title>Data | Akinon reporting</title>" in page.content.decode()
    names = [str(app["name"]) for app in page.context["app_list"]]
    assert {"OMS customers", "OMS orders", "Geography", "Sales channels"} <= set(names)
    # Django's fallback title-cases the app label: "Oms_Customers".
    assert [name for name in names if "_" in name or re.search(r"\bOms\b", name)] == []


def test_audit_events_list_the_user_by_email_not_as_a_json_snapshot(admin_client):
    AuditEventFactory(user={"pk": 7, "email": "editor@example.com", "first_name": "E", "last_name": "D"})
    page = admin_client.get("/admin/dw_tracking/auditevent/").content.decode()
    assert '<td class="field-user_email">editor@example.com</td>' in page
    assert "first_name" not in page


def test_change_lists_get_the_full_width_without_the_app_sidebar(admin_client):
    page = admin_client.get("/admin/geography/city/")
    assert page.status_code == 200 and 'id="changelist"' in page.content.decode()
    assert 'id="nav-sidebar"' not in page.content.decode()


def test_favicon_is_served(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert finders.find(response["Location"].removeprefix("/static/"))
