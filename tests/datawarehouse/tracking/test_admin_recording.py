"""Writes through the admin leave a revision of the prior state (sections 47, 48) and an audit event (49).

Driven through the admin of channel redirects (a channel-owned model on ``ReportingAdmin``, like every
data-warehouse admin) and read back through the API.
"""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.contrib.redirects.models import Redirect
from reversion.models import Revision, Version

from datawarehouse.tracking.audit import MASK
from datawarehouse.tracking.models import AuditEvent, ChannelRedirect
from tests.datawarehouse.tracking.factories import ChannelRedirectFactory
from tests.factories import ChannelFactory
from tests.http import results

pytestmark = pytest.mark.django_db

ADMIN = "/admin/dw_tracking/channelredirect/"


def served(client, channel, path):
    return results(client, f"/api/v1/remote/{channel.pk}/data-warehouse/{path}/", {"page_size": 100})


def form(redirect, **changes):
    data = {
        "site": redirect.site_id,
        "old_path": redirect.old_path,
        "new_path": redirect.new_path,
        "channel": redirect.channel_id,
    }
    return {**data, **changes, "_save": "Save"}


def versions_by_model(client, channel):
    """The served versions of ``channel``, by the model of their serialized object."""
    return {row["serialized_data"][0]["model"]: row for row in served(client, channel, "reversions/versions")}


def test_an_admin_edit_records_who_when_and_the_prior_state(admin_client, admin_user, api_client):
    redirect = ChannelRedirectFactory(old_path="/before/")
    response = admin_client.post(f"{ADMIN}{redirect.pk}/change/", form(redirect, old_path="/after/"))
    assert response.status_code == 302, response.content
    assert Redirect.objects.get(pk=redirect.pk).old_path == "/after/"

    (revision,) = served(api_client, redirect.channel, "reversions/revisions")
    stored = Revision.objects.get()
    assert revision == {
        "id": stored.pk,
        "date_created": stored.date_created.isoformat().replace("+00:00", "Z"),
        "comment": "Changed Redirect from.",
        "user": admin_user.pk,
    }
    versions = versions_by_model(api_client, redirect.channel)
    # The redirect's own table and the channel row (multi-table inheritance), as they were before.
    assert set(versions) == {"redirects.redirect", "dw_tracking.channelredirect"}
    redirect_version = versions["redirects.redirect"]
    assert redirect_version["serialized_data"][0]["fields"]["old_path"] == "/before/"
    assert redirect_version["object_id"] == str(redirect.pk)
    assert redirect_version["revision"] == stored.pk
    assert redirect_version["content_type"] == ContentType.objects.get_for_model(Redirect).pk
    assert (
        versions["dw_tracking.channelredirect"]["serialized_data"][0]["fields"]["channel"]
        == redirect.channel_id
    )
    assert versions["dw_tracking.channelredirect"]["object_repr"] == "/before/ ---> " + redirect.new_path
    # Under its own channel only.
    assert served(api_client, ChannelFactory(), "reversions/revisions") == []


def test_reverting_to_a_version_restores_the_prior_state(admin_client):
    """django-reversion's own admin history keeps working: a version's form shows the state before
    the edit, and saving it undoes the edit."""
    redirect = ChannelRedirectFactory(old_path="/before/")
    admin_client.post(f"{ADMIN}{redirect.pk}/change/", form(redirect, old_path="/after/"))
    version = Version.objects.get_for_object(redirect).get()
    page = admin_client.get(f"{ADMIN}{redirect.pk}/history/{version.pk}/")
    assert page.context_data["adminform"].form.instance.old_path == "/before/"
    assert Redirect.objects.get(pk=redirect.pk).old_path == "/after/"  # Viewing changes nothing.
    response = admin_client.post(f"{ADMIN}{redirect.pk}/history/{version.pk}/", form(redirect))
    assert response.status_code == 302, response.content
    assert Redirect.objects.get(pk=redirect.pk).old_path == "/before/"


def test_an_admin_addition_has_no_prior_state(admin_client, api_client):
    channel = ChannelFactory()
    data = form(ChannelRedirectFactory.build(channel=channel, old_path="/new/"))
    assert admin_client.post(f"{ADMIN}add/", data).status_code == 302
    added = ChannelRedirect.objects.get(old_path="/new/")
    assert served(api_client, channel, "reversions/revisions") == []
    (event,) = served(api_client, channel, "audit-events")
    assert event["content"]["action"] == "addition"
    assert event["object_id"] == added.pk


def test_an_admin_deletion_records_the_state_it_removed(admin_client, api_client):
    redirect = ChannelRedirectFactory(old_path="/gone/")
    admin_client.post(f"{ADMIN}{redirect.pk}/delete/", {"post": "yes"})
    (revision,) = served(api_client, redirect.channel, "reversions/revisions")
    assert revision["comment"] == "Deleted."
    versions = versions_by_model(api_client, redirect.channel)
    assert versions["redirects.redirect"]["serialized_data"][0]["fields"]["old_path"] == "/gone/"
    (event,) = served(api_client, redirect.channel, "audit-events")
    assert event["content"]["action"] == "deletion"
    assert event["content"]["object_data"]["old_path"] == "/gone/"


def test_an_admin_bulk_deletion_records_every_row(admin_client, api_client):
    channel = ChannelFactory()
    redirects = ChannelRedirectFactory.create_batch(2, channel=channel)
    selected = [redirect.pk for redirect in redirects]
    response = admin_client.post(
        ADMIN, {"action": "delete_selected", "_selected_action": selected, "post": "yes"}
    )
    assert response.status_code == 302
    (revision,) = served(api_client, channel, "reversions/revisions")
    assert revision["comment"] == "Deleted."
    versions = served(api_client, channel, "reversions/versions")
    assert {row["revision"] for row in versions} == {revision["id"]}
    assert {(row["content_type"], row["object_id"]) for row in versions} >= {
        (ContentType.objects.get_for_model(ChannelRedirect).pk, str(pk)) for pk in selected
    }
    events = served(api_client, channel, "audit-events")
    assert sorted(event["object_id"] for event in events) == sorted(selected)
    assert {event["content"]["action"] for event in events} == {"deletion"}


def test_an_admin_write_is_audited_with_its_secrets_masked(admin_client, admin_user, api_client):
    redirect = ChannelRedirectFactory()
    secrets = {
        "password": "pw-hunter2",
        "api_key": "ak-123456",
        "csrfmiddlewaretoken": "csrf-7890",
    }
    response = admin_client.post(
        f"{ADMIN}{redirect.pk}/change/?access_token=qs-secret&_changelist_filters=site",
        form(redirect, new_path="/moved/", **secrets),
        HTTP_AUTHORIZATION="Token header-secret",
        HTTP_X_API_KEY="xk-secret",
        HTTP_USER_AGENT="reporting-tests/1.0",
    )
    assert response.status_code == 302, response.content
    body = api_client.get(f"/api/v1/remote/{redirect.channel_id}/data-warehouse/audit-events/")
    served_text = body.content.decode()
    for secret in [
        *secrets.values(),
        "qs-secret",
        "header-secret",
        "xk-secret",
        admin_client.cookies["sessionid"].value,
    ]:
        assert secret not in served_text
    (event,) = body.json()["results"]
    stored = AuditEvent.objects.get()
    assert list(event) == [
        "id",
        "uuid",
        "user",
        "timestamp",
        "remote_addr",
        "url",
        "query_params",
        "post_data",
        "headers",
        "object_id",
        "content",
        "content_type",
    ]
    assert event["uuid"] == stored.uuid and len(stored.uuid) == 36
    assert event["user"] == {
        "pk": admin_user.pk,
        "email": admin_user.email,
        "first_name": admin_user.first_name,
        "last_name": admin_user.last_name,
    }
    assert event["remote_addr"] == "127.0.0.1"
    assert event["url"] == f"http://testserver{ADMIN}{redirect.pk}/change/"
    assert event["query_params"] == {"access_token": MASK, "_changelist_filters": "site"}
    assert event["post_data"]["new_path"] == "/moved/"
    assert all(event["post_data"][name] == MASK for name in secrets)
    assert event["headers"]["Authorization"] == MASK
    assert event["headers"]["Cookie"] == MASK
    assert event["headers"]["X-Api-Key"] == MASK
    assert event["headers"]["User-Agent"] == "reporting-tests/1.0"
    assert event["object_id"] == redirect.pk
    assert event["content_type"] == ContentType.objects.get_for_model(ChannelRedirect).pk
    content = event["content"]
    assert content["request_method"] == "POST" and content["action"] == "change"
    assert content["change_message"] == "Changed Redirect to."
    assert content["object_data"]["new_path"] == "/moved/"
    assert content["client_type"] == "admin" and content["browser_agent"] == "reporting-tests/1.0"
    # Under its own channel only.
    assert served(api_client, ChannelFactory(), "audit-events") == []
