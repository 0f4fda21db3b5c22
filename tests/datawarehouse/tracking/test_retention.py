"""Deleted items kept for API_DELETED_ITEMS_RETENTION_DAYS: their purge, and the 410 Gone that tells
a client whose sync starts before it to resync in full (datawarehouse/tracking/retention.py)."""

import datetime
from io import StringIO

import pytest
import yaml
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from api.sync.stamping import chosen_timestamps
from datawarehouse.tracking.models import DeletedItem, DeletedItemPurge
from tests.conftest import client_for
from tests.datawarehouse.tracking.factories import DeletedItemFactory, DeletedItemPurgeFactory
from tests.factories import ChannelFactory, UserFactory

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
CUTOFF = datetime.datetime(2025, 1, 10, 12, tzinfo=UTC)
CUTOFF_TEXT = "2025-01-10T12:00:00.000000Z"
MICROSECOND = datetime.timedelta(microseconds=1)


def deleted_at(when, **kwargs):
    """A deleted item deleted at ``when`` (the database's trigger would stamp it now)."""
    with chosen_timestamps():
        return DeletedItemFactory(deleted_date=when, **kwargs)


def url(channel):
    return f"/api/v1/remote/{channel.pk}/data-warehouse/deleted-items/"


@pytest.fixture
def purged(channel):
    """Two deleted items purged before CUTOFF (the record of the purge) and one kept after it.

    Returns the largest purged id and the kept item.
    """
    first = deleted_at(CUTOFF - datetime.timedelta(days=3), channel=channel)
    last = deleted_at(CUTOFF - datetime.timedelta(days=2), channel=channel)
    kept = deleted_at(CUTOFF + datetime.timedelta(days=1), channel=channel)
    DeletedItemPurgeFactory(cutoff=CUTOFF, largest_id=last.pk, deleted=2)
    DeletedItem.objects.filter(pk__in=[first.pk, last.pk]).delete()
    return last.pk, kept


def gone(response):
    assert response.status_code == 410, response.content
    detail = response.json()["detail"]
    assert "full resync is needed" in detail and CUTOFF_TEXT in detail
    assert "read every endpoint again without a modified_date, created_date or id lower bound" in detail
    assert "resume incremental syncs from the time that full resync began" in detail
    return detail


def served(response):
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


BEFORE_THE_CUTOFF = [
    {"modified_date__gt": "2025-01-10T11:59:59.999998Z"},
    {"modified_date__gte": "2025-01-10T11:59:59.999999Z"},
    {"modified_date__gt": "2025-01-09"},  # from the 10th's start
    {"modified_date": "2025-01-10"},  # the 10th's start is before noon
    {"modified_date": "2025-01-10T11:00:00+00:00"},
    {"created_date__gt": "2025-01-10T11:00:00Z"},
    {"created_date__gte": "2025-01-10T14:59:59+03:00"},
    {"created_date": "2025-01-01"},
    {"modified_date__gte": "2025-01-01", "modified_date__lt": "2025-02-01"},
]
AT_OR_AFTER_THE_CUTOFF = [
    {"modified_date__gt": "2025-01-10T11:59:59.999999Z"},  # lets through the cutoff itself
    {"modified_date__gt": "2025-01-10T12:00:00Z"},
    {"modified_date__gte": "2025-01-10T12:00:00Z"},
    {"modified_date__gte": "2025-01-10T15:00:00+03:00"},
    {"modified_date__gt": "2025-01-10"},  # from the 11th
    {"modified_date": "2025-01-11"},
    {"created_date__gte": "2025-01-10T12:00:00Z"},
    {"created_date": "2025-01-11"},
]


@pytest.mark.parametrize("params", BEFORE_THE_CUTOFF, ids=str)
def test_a_date_lower_bound_before_the_purge_cutoff_is_gone(api_client, channel, purged, params):
    gone(api_client.get(url(channel), params))


@pytest.mark.parametrize("params", AT_OR_AFTER_THE_CUTOFF, ids=str)
def test_a_date_lower_bound_at_or_after_the_cutoff_is_served(api_client, channel, purged, params):
    _, kept = purged
    assert served(api_client.get(url(channel), params)) == [kept.pk]


def test_an_id_lower_bound_at_or_below_the_largest_purged_id_is_gone(api_client, channel, purged):
    largest, kept = purged
    for params in ({"id__gt": largest - 1}, {"id__gte": largest}, {"id__gt": 0}, {"id": largest}):
        gone(api_client.get(url(channel), params))
    # Every purged id is at most the largest: a sync by id from past it misses nothing.
    assert served(api_client.get(url(channel), {"id__gt": largest})) == [kept.pk]
    assert served(api_client.get(url(channel), {"id__gte": largest + 1})) == [kept.pk]


def test_a_read_without_a_lower_bound_is_served(api_client, channel, purged):
    _, kept = purged
    assert served(api_client.get(url(channel))) == [kept.pk]
    for params in ({"modified_date__lt": "2026-01-01"}, {"id__lte": kept.pk}, {"sort": "-modified_date"}):
        assert served(api_client.get(url(channel), params)) == [kept.pk]


def test_one_lower_bound_past_the_purge_is_enough(api_client, channel, purged):
    """Filters are ANDed, and every purged item is both before the cutoff and at most the largest
    id: either bound past them keeps every one out, so the answer misses nothing."""
    largest, kept = purged
    date_after_id_before = {"modified_date__gte": "2025-01-11", "id__gt": 0}
    date_before_id_after = {"modified_date__gt": "2025-01-01", "id__gt": largest}
    assert served(api_client.get(url(channel), date_after_id_before)) == [kept.pk]
    assert served(api_client.get(url(channel), date_before_id_after)) == [kept.pk]
    gone(api_client.get(url(channel), {"modified_date__gt": "2025-01-01", "id__gte": largest}))


def test_never_purged_every_lower_bound_is_served(api_client, channel):
    old = deleted_at(CUTOFF - datetime.timedelta(days=5), channel=channel)
    for params in (
        {"modified_date__gt": "2025-01-01"},
        {"modified_date": "2025-01-05"},
        {"created_date__gte": "2025-01-05T12:00:00Z"},
        {"id__gt": 0},
        {"id__gte": old.pk},
    ):
        assert served(api_client.get(url(channel), params)) == [old.pk]


def test_several_purges_answer_for_the_latest_cutoff_and_largest_id(api_client, channel):
    DeletedItemPurgeFactory(cutoff=CUTOFF - datetime.timedelta(days=30), largest_id=40)
    DeletedItemPurgeFactory(cutoff=CUTOFF, largest_id=90)
    # A later run of a longer retention: its cutoff is older, yet what was purged stays purged.
    DeletedItemPurgeFactory(cutoff=CUTOFF - datetime.timedelta(days=60), largest_id=95)
    gone(api_client.get(url(channel), {"modified_date__gte": "2025-01-10T11:00:00Z"}))
    gone(api_client.get(url(channel), {"id__gt": 94}))
    assert served(api_client.get(url(channel), {"modified_date__gte": "2025-01-10T12:00:00Z"})) == []
    assert served(api_client.get(url(channel), {"id__gt": 95})) == []


@pytest.mark.parametrize("export", ["csv", "xls", "ndjson", "parquet"])
def test_an_export_from_before_the_purge_is_a_json_410(api_client, channel, purged, export):
    response = api_client.get(url(channel), {"id__gt": 0, "format": export})
    assert response["Content-Type"] == "application/json"
    gone(response)


def test_a_bad_filter_value_is_still_a_400(api_client, channel, purged):
    response = api_client.get(url(channel), {"modified_date__gt": "yesterday"})
    assert response.status_code == 400 and "modified_date__gt" in response.json()


def test_channel_checks_come_before_the_purge_is_told(channel, purged):
    """A token that may not read the channel learns nothing of its purges."""
    stranger = client_for(UserFactory())
    reader = UserFactory()
    channel.users.add(reader)
    params = {"modified_date__gt": "2025-01-01"}
    assert stranger.get(url(channel), params).status_code == 403
    assert stranger.get("/api/v1/remote/999999/data-warehouse/deleted-items/", params).status_code == 404
    gone(client_for(reader).get(url(channel), params))


def test_an_anonymous_request_is_401_not_410(anonymous_client, channel, purged):
    assert anonymous_client.get(url(channel), {"id__gt": 0}).status_code == 401


def purge_queries(captured):
    return [query["sql"] for query in captured if "deleteditempurge" in query["sql"].lower()]


def test_the_check_costs_one_query_with_a_lower_bound_and_none_without(api_client, channel, purged):
    api_client.get(url(channel))  # the token, remembered from here on
    with CaptureQueriesContext(connection) as full_read:
        served(api_client.get(url(channel)))
    with CaptureQueriesContext(connection) as incremental:
        served(api_client.get(url(channel), {"modified_date__gte": "2025-01-11"}))
    assert purge_queries(full_read) == []
    assert len(purge_queries(incremental)) == 1
    assert len(incremental) == len(full_read) + 1


# The purge command.


@pytest.fixture
def retention(settings):
    settings.API_DELETED_ITEMS_RETENTION_DAYS = 30
    return timezone.now() - datetime.timedelta(days=30)


def purge_command(*args):
    out = StringIO()
    call_command("purge_deleted_items", *args, stdout=out)
    return out.getvalue()


def test_the_purge_deletes_only_what_is_older_in_batches_and_records_it(retention, channel):
    now = timezone.now()
    old = [deleted_at(now - datetime.timedelta(days=days), channel=channel) for days in (90, 60, 45, 31, 31)]
    young = deleted_at(now - datetime.timedelta(days=29), channel=channel)
    # Deleted at a time out of its id's order: an older one with the largest id.
    latecomer = deleted_at(now - datetime.timedelta(days=50), channel=ChannelFactory())
    fresh = DeletedItemFactory(channel=channel)
    with CaptureQueriesContext(connection) as captured:
        output = purge_command("--batch-size", "2")
    deletes = [q["sql"] for q in captured if q["sql"].startswith('DELETE FROM "dw_tracking_deleteditem"')]
    assert len(deletes) == 3  # six rows, two per transaction
    assert set(DeletedItem.objects.values_list("pk", flat=True)) == {young.pk, fresh.pk}
    record = DeletedItemPurge.objects.get()
    assert record.largest_id == latecomer.pk == max(item.pk for item in [*old, latecomer])
    assert record.deleted == 6
    assert retention <= record.cutoff <= timezone.now() - datetime.timedelta(days=30)
    assert f"Deleted 6 deleted items older than {record.cutoff:%Y-%m-%dT%H:%M}" in output
    assert f"(ids up to {latecomer.pk}) in 3 batches." in output


def test_a_purge_stopped_half_way_has_recorded_exactly_what_it_deleted(retention, channel, monkeypatch):
    now = timezone.now()
    old = [deleted_at(now - datetime.timedelta(days=40 + n), channel=channel) for n in range(5)]
    save, saves = DeletedItemPurge.save, []

    def fail_in_the_second_batch(record, *args, **kwargs):
        saves.append(record.deleted)
        if len(saves) == 2:
            raise RuntimeError("the process is killed")
        save(record, *args, **kwargs)

    monkeypatch.setattr(DeletedItemPurge, "save", fail_in_the_second_batch)
    with pytest.raises(RuntimeError):
        purge_command("--batch-size", "2")
    oldest_first = sorted(old, key=lambda item: item.deleted_date)
    record = DeletedItemPurge.objects.get()
    assert record.deleted == 2 and record.largest_id == max(item.pk for item in oldest_first[:2])
    assert set(DeletedItem.objects.values_list("pk", flat=True)) == {item.pk for item in oldest_first[2:]}


def test_a_second_purge_with_nothing_to_delete_records_nothing(retention, channel):
    deleted_at(timezone.now() - datetime.timedelta(days=40), channel=channel)
    purge_command()
    assert "Deleted 0 deleted items" in purge_command()
    assert DeletedItemPurge.objects.count() == 1


def test_a_dry_run_deletes_nothing(retention, channel):
    old = deleted_at(timezone.now() - datetime.timedelta(days=40), channel=channel)
    deleted_at(timezone.now() - datetime.timedelta(days=2), channel=channel)
    output = purge_command("--dry-run")
    assert "Would delete 1 deleted items older than" in output and f"(ids up to {old.pk})." in output
    assert DeletedItem.objects.count() == 2
    assert not DeletedItemPurge.objects.exists()


def test_without_a_retention_the_purge_refuses(settings, channel):
    settings.API_DELETED_ITEMS_RETENTION_DAYS = None
    deleted_at(timezone.now() - datetime.timedelta(days=4000), channel=channel)
    with pytest.raises(CommandError, match="API_DELETED_ITEMS_RETENTION_DAYS is not set"):
        purge_command()
    with pytest.raises(CommandError, match="API_DELETED_ITEMS_RETENTION_DAYS is not set"):
        purge_command("--dry-run")
    assert DeletedItem.objects.count() == 1


def test_a_batch_size_below_one_is_refused(retention):
    with pytest.raises(CommandError, match="--batch-size must be 1 or more, not 0"):
        purge_command("--batch-size", "0")


def test_after_a_purge_a_sync_from_before_it_is_gone_and_a_full_read_is_served(
    retention, api_client, channel
):
    old = deleted_at(timezone.now() - datetime.timedelta(days=40), channel=channel)
    young = deleted_at(timezone.now() - datetime.timedelta(days=1), channel=channel)
    watermark = (timezone.now() - datetime.timedelta(days=50)).isoformat()
    assert served(api_client.get(url(channel), {"modified_date__gt": watermark})) == [old.pk, young.pk]
    purge_command()
    response = api_client.get(url(channel), {"modified_date__gt": watermark})
    assert response.status_code == 410
    assert f"ids up to {old.pk}" in response.json()["detail"]
    assert served(api_client.get(url(channel))) == [young.pk]


# A purge during a walk: each page's link keeps the walk's filters, so the next page is a 410.


@pytest.mark.parametrize("mode", [{}, {"cursor": ""}], ids=["page", "cursor"])
def test_a_purge_during_a_walk_answers_410_on_its_next_page(retention, api_client, channel, mode):
    now = timezone.now()
    for days in (60, 50, 40, 1):
        deleted_at(now - datetime.timedelta(days=days), channel=channel)
    watermark = (now - datetime.timedelta(days=70)).isoformat()
    first = api_client.get(url(channel), {"modified_date__gt": watermark, "page_size": 2, **mode})
    assert len(served(first)) == 2
    purge_command()
    gone_detail = api_client.get(first.json()["next"]).json()["detail"]
    assert "full resync is needed" in gone_detail
    # Without the purge the walk would have gone on: a walk of what is kept is served.
    restart = api_client.get(url(channel), {"page_size": 2, **mode})
    assert len(served(restart)) == 1


def test_the_schema_documents_the_410(api_client):
    schema = yaml.safe_load(api_client.get("/api/schema/").content)
    operation = schema["paths"]["/api/v1/remote/{channel_id}/data-warehouse/deleted-items/"]["get"]
    gone_response = operation["responses"]["410"]
    assert "Resync in full" in gone_response["description"]
    assert gone_response["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Error"}
    assert "PaginatedDwDeletedItemList" in str(operation["responses"]["200"])
    other = schema["paths"]["/api/v1/remote/{channel_id}/data-warehouse/redirects/"]["get"]
    assert "410" not in other["responses"]
