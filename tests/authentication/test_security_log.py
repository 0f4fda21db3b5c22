"""Token creation and revocation are in the service's security log, never with a key or its digest,
and never among the data-warehouse audit events (which channel readers are served)."""

import io
import json

import pytest
from django.contrib.admin.models import LogEntry
from django.core.management import call_command

from authentication.models import APIToken, digest
from datawarehouse.tracking.models import AuditEvent
from tests.authentication.conftest import PASSWORD
from tests.factories import ChannelFactory, UserFactory
from tests.http import results

pytestmark = pytest.mark.django_db


def test_every_path_is_logged_without_the_key(anonymous_client, user, json_lines):
    signed_in = anonymous_client.post(
        "/api/v1/auth/login/", {"username": "reporter", "password": PASSWORD}, format="json"
    ).json()["key"]
    anonymous_client.post("/api/v1/auth/logout/", HTTP_AUTHORIZATION=f"Token {signed_in}")
    out = io.StringIO()
    call_command("create_token", "reporter", "--name", "nightly", stdout=out)
    made = out.getvalue().splitlines()[-1]
    call_command("revoke_token", "reporter", "--name", "nightly", stdout=io.StringIO())

    records = [line for line in json_lines() if line["name"] == "authentication.security"]
    assert [(r["event"], r["via"]) for r in records] == [
        ("token_created", "POST auth/login/"),
        ("token_revoked", "POST auth/logout/"),
        ("token_created", "manage.py create_token"),
        ("token_revoked", "manage.py revoke_token"),
    ]
    assert {r["token_user_id"] for r in records} == {user.pk}
    # Lines of a request carry its id, as every record does (the commands' are None).
    assert [bool(r["request_id"]) for r in records] == [True, True, False, False]
    history = LogEntry.objects.order_by("id")
    assert [(e.action_flag, e.change_message) for e in history] == [
        (1, "Created by POST auth/login/."),
        (3, "Revoked by POST auth/logout/."),
        (1, "Created by manage.py create_token."),
        (3, "Revoked by manage.py revoke_token."),
    ]
    written = json.dumps(records) + str(list(history.values()))
    for key in (signed_in, made):
        assert key not in written and digest(key) not in written
        assert key[:10] in written  # the display prefix names the token
    assert not APIToken.objects.exists()


def test_tokens_are_never_among_the_served_audit_events(api_client, user):
    channel = ChannelFactory()
    admin = UserFactory(username="root", is_staff=True, is_superuser=True)
    browser = api_client.__class__()
    browser.force_login(admin)
    browser.post("/admin/authentication/apitoken/add/", {"user": user.pk, "name": "job", "expires": ""})
    token = APIToken.objects.get(user=user)
    deleted = browser.post(f"/admin/authentication/apitoken/{token.pk}/delete/", {"post": "yes"})
    assert deleted.status_code == 302, deleted.content.decode()[-3000:]
    assert not APIToken.objects.filter(user=user).exists() and LogEntry.objects.count() == 2
    assert not AuditEvent.objects.exists()
    assert results(api_client, f"/api/v1/remote/{channel.pk}/data-warehouse/audit-events/") == []
