"""Each change-tracking endpoint's own filters, its change time, and which channel sees what."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.contrib.sites.models import Site
from reversion.models import Revision

from api.sync.stamping import chosen_timestamps
from datawarehouse.tracking.models import AuditEvent, ChannelRedirect, DeletedItem, TrackedContentType
from datawarehouse.tracking.signals import owner_channel_id
from tests.datawarehouse.tracking.factories import (
    AuditEventFactory,
    ChannelRedirectFactory,
    DeletedItemFactory,
    RevisionFactory,
    TrackedContentTypeFactory,
    VersionFactory,
)
from tests.factories import ChannelFactory, UserFactory
from tests.http import result_ids

pytestmark = pytest.mark.django_db


def ids(client, channel, path, **params):
    return result_ids(client, f"/api/v1/remote/{channel.pk}/data-warehouse/{path}/", {"sort": "id", **params})


def test_content_types_filter_by_app_label_and_model(api_client, channel):
    first = TrackedContentTypeFactory(app_label="shop", model="widget")
    second = TrackedContentTypeFactory(app_label="shop", model="banner")
    assert ids(api_client, channel, "content-types", app_label="shop") == [first.pk, second.pk]
    assert ids(api_client, channel, "content-types", app_label="shop", model="banner") == [second.pk]


def test_redirects_filter_by_site_and_old_path(api_client, channel):
    other_site = Site.objects.create(domain="m.example.com", name="mobile")
    first = ChannelRedirectFactory(channel=channel, old_path="/a/")
    second = ChannelRedirectFactory(channel=channel, site=other_site)
    assert ids(api_client, channel, "redirects", site=other_site.pk) == [second.pk]
    assert ids(api_client, channel, "redirects", old_path="/a/") == [first.pk]


def test_deleted_items_filter_by_content_type_and_object_id(api_client, channel):
    site_type = ContentType.objects.get_for_model(Site)
    first = DeletedItemFactory(channel=channel, object_id="7")
    second = DeletedItemFactory(channel=channel, object_id="7", content_type=site_type)
    assert ids(api_client, channel, "deleted-items", content_type=site_type.pk) == [second.pk]
    assert ids(api_client, channel, "deleted-items", object_id="7") == [first.pk, second.pk]


def test_revisions_filter_by_user(api_client, channel):
    user = UserFactory()
    mine = RevisionFactory(channel=channel, user=user)
    RevisionFactory(channel=channel)
    assert ids(api_client, channel, "reversions/revisions", user=user.pk) == [mine.pk]


def test_versions_filter_by_revision_content_type_and_object_id(api_client, channel):
    first = VersionFactory(channel=channel, object_id="12")
    # Its own object id: the factory's sequence reaches 12 too, once enough versions were made.
    second = VersionFactory(
        channel=channel, object_id="13", content_type=ContentType.objects.get_for_model(Site)
    )
    assert ids(api_client, channel, "reversions/versions", revision=first.revision_id) == [first.pk]
    assert ids(api_client, channel, "reversions/versions", object_id="12") == [first.pk]
    assert ids(api_client, channel, "reversions/versions", content_type=second.content_type_id) == [second.pk]


def test_audit_events_filter_by_user_content_type_and_object_id(api_client, channel):
    first = AuditEventFactory(channel=channel, user={"pk": 41, "email": "a@example.com"}, object_id=5)
    # Its own user and object id: the factory's sequences reach 41 and 5 too, once enough events were made.
    second = AuditEventFactory(
        channel=channel,
        user={"pk": 42, "email": "b@example.com"},
        object_id=6,
        content_type=ContentType.objects.get_for_model(Site),
    )
    assert ids(api_client, channel, "audit-events", user=41) == [first.pk]
    assert ids(api_client, channel, "audit-events", object_id=5) == [first.pk]
    assert ids(api_client, channel, "audit-events", content_type=second.content_type_id) == [second.pk]


def test_versions_render_their_serialized_data_as_stored_when_it_is_not_json(api_client, channel):
    VersionFactory(channel=channel, format="xml", serialized_data="<django-objects/>")
    (row,) = api_client.get(f"/api/v1/remote/{channel.pk}/data-warehouse/reversions/versions/").json()[
        "results"
    ]
    assert row["format"] == "xml" and row["serialized_data"] == "<django-objects/>"


# Each endpoint's record and the column that is its change time.
CHANGE_TIMES = {
    "content-types": (lambda channel: TrackedContentTypeFactory(), TrackedContentType, "modified_date"),
    "redirects": (lambda channel: ChannelRedirectFactory(channel=channel), ChannelRedirect, "modified_date"),
    "deleted-items": (lambda channel: DeletedItemFactory(channel=channel), DeletedItem, "deleted_date"),
    "reversions/revisions": (lambda channel: RevisionFactory(channel=channel), Revision, "date_created"),
    "reversions/versions": (
        lambda channel: VersionFactory(channel=channel).revision,
        Revision,
        "date_created",
    ),
    "audit-events": (lambda channel: AuditEventFactory(channel=channel), AuditEvent, "timestamp"),
}


@pytest.mark.parametrize("path", CHANGE_TIMES)
def test_modified_date_is_the_records_own_change_time(api_client, channel, path):
    make, model, column = CHANGE_TIMES[path]
    made = []
    for value in ["2025-01-09T00:00:00Z", "2025-01-09T23:59:59.999999Z", "2025-01-10T00:00:00Z"]:
        record = make(channel)
        with chosen_timestamps():
            model.objects.filter(pk=record.pk).update(**{column: value})
        made.append(ids(api_client, channel, path)[-1] if path != "content-types" else record.pk)
    on_the_9th, late_on_the_9th, on_the_10th = made

    def served(**params):
        # Content types: only those made here (Django's own are as old as the test database).
        return ids(api_client, channel, path, id__gte=on_the_9th, **params)

    assert served(modified_date="2025-01-09") == [on_the_9th, late_on_the_9th]
    assert served(modified_date__lte="2025-01-09") == [on_the_9th, late_on_the_9th]
    assert served(modified_date__gt="2025-01-09") == [on_the_10th]
    assert served(modified_date__gt="2025-01-09T23:59:59Z") == [late_on_the_9th, on_the_10th]
    # A log's record is created when it happens; a content type or redirect row was created today.
    created_on_the_9th = [] if path in ("content-types", "redirects") else [on_the_9th, late_on_the_9th]
    assert served(created_date__lt="2025-01-10") == created_on_the_9th
    assert served(sort="-modified_date") == [on_the_10th, late_on_the_9th, on_the_9th]


@pytest.mark.parametrize("path", ["reversions/versions", "reversions/revisions"])
def test_keyset_walk_by_change_time(api_client, channel, path):
    made = [VersionFactory(channel=channel) for _ in range(3)]
    for position, version in enumerate(made):
        day = datetime.datetime(2025, 1, 3 - position, tzinfo=datetime.UTC)
        with chosen_timestamps():
            Revision.objects.filter(pk=version.revision_id).update(date_created=day)
    url = f"/api/v1/remote/{channel.pk}/data-warehouse/{path}/"
    body = api_client.get(url, {"cursor": "", "page_size": 1, "sort": "modified_date"}).json()
    seen = []
    while True:
        seen += [row["id"] for row in body["results"]]
        if not body["next"]:
            break
        body = api_client.get(body["next"]).json()
    key = "revision_id" if path == "reversions/revisions" else "pk"
    assert seen == [getattr(version, key) for version in reversed(made)]


@pytest.mark.parametrize(
    "path, make",
    [
        ("reversions/revisions", lambda channel: RevisionFactory(channel=channel)),
        ("reversions/versions", lambda channel: VersionFactory(channel=channel)),
        ("audit-events", lambda channel: AuditEventFactory(channel=channel)),
    ],
)
def test_changes_without_a_channel_are_served_under_every_channel(api_client, path, make):
    """A change to a record no channel owns (reference data) is reference data too; a channel's own
    changes stay under that channel."""
    first, second = ChannelFactory(), ChannelFactory()
    shared, own = make(None), make(first)
    assert ids(api_client, first, path) == [shared.pk, own.pk]
    assert ids(api_client, second, path) == [shared.pk]


def test_a_channel_is_owned_by_itself():
    """A change to a channel record itself belongs to that channel; one to a site, to none."""
    channel = ChannelFactory()
    assert owner_channel_id(channel) == channel.pk
    assert owner_channel_id(ChannelRedirectFactory(channel=channel)) == channel.pk
    assert owner_channel_id(Site.objects.get_current()) is None
