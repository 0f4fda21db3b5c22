"""Change times on every write path (api/sync/stamping.py), and the stamps fixtures and volume data keep.

On PostgreSQL a trigger stamps every insert and update from the database clock, whichever
path wrote it. SQLite has no trigger: there only ``Model.save()`` (and so the admin) runs
``auto_now``; a ``QuerySet.update()``, ``bulk_update`` or raw SQL leaves the stamp as it was.
Both are asserted, each on its database.
"""

import datetime
import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils.dateparse import parse_datetime

from api.sync.stamping import chosen_timestamps
from datawarehouse.cms.models import WidgetType
from datawarehouse.tracking.models import DeletedItem
from geography.models import City, District
from tests.datawarehouse.cms.factories import WidgetTypeFactory
from tests.geography.factories import CityFactory

pytestmark = pytest.mark.django_db

PAST = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)


def rename_by_save(city):
    city.name = "SAVED"
    city.save()


def rename_by_raw_sql(city):
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {City._meta.db_table} SET name = 'RAW' WHERE id = %s", [city.pk])


WRITES = {
    "save": rename_by_save,
    "queryset update": lambda city: City.objects.filter(pk=city.pk).update(name="UPDATED"),
    "bulk_update": lambda city: City.objects.bulk_update([City(pk=city.pk, name="BULK")], ["name"]),
    "raw SQL": rename_by_raw_sql,
    # An old stamp written outside chosen_timestamps() is a change like any other.
    "explicit old stamp": lambda city: City.objects.filter(pk=city.pk).update(modified_date=PAST),
}
STAMPED_ON_SQLITE = {"save"}


def database_clock():
    if connection.vendor != "postgresql":
        return datetime.datetime.now(datetime.UTC)
    with connection.cursor() as cursor:
        cursor.execute("SELECT clock_timestamp()")
        return cursor.fetchone()[0]


@pytest.mark.parametrize("write", WRITES)
def test_every_write_path_stamps_the_change_time_from_the_database_clock(write):
    city = CityFactory()
    with chosen_timestamps():
        City.objects.filter(pk=city.pk).update(modified_date=PAST - datetime.timedelta(days=1))
    before = database_clock()
    WRITES[write](city)
    after = database_clock()
    stamped = City.objects.get(pk=city.pk).modified_date
    if connection.vendor == "postgresql" or write in STAMPED_ON_SQLITE:
        assert before <= stamped <= after
    else:
        assert stamped <= PAST


def test_an_insert_is_stamped_by_the_database():
    before = database_clock()
    city = CityFactory()
    stored = City.objects.get(pk=city.pk)
    assert before <= stored.modified_date <= database_clock()
    if connection.vendor == "postgresql":
        # The row's stamp is the database's, taken after the one auto_now took in Python.
        assert stored.modified_date > city.modified_date


def test_an_admin_edit_is_stamped(admin_client):
    widget_type = WidgetTypeFactory()
    with chosen_timestamps():
        WidgetType.objects.filter(pk=widget_type.pk).update(modified_date=PAST)
    before = database_clock()
    response = admin_client.post(
        f"/admin/dw_cms/widgettype/{widget_type.pk}/change/",
        {"channel": widget_type.channel_id, "name": "Renamed", "schema": json.dumps({})},
    )
    assert response.status_code == 302, response.content
    assert WidgetType.objects.get(pk=widget_type.pk).modified_date >= before


def test_a_deletion_is_stamped_by_the_database():
    widget_type = WidgetTypeFactory()
    before = database_clock()
    widget_type.delete()
    assert before <= DeletedItem.objects.get().deleted_date <= database_clock()


def test_fixtures_keep_their_timestamps_and_later_writes_are_stamped(docs_examples):
    fixture = json.loads((Path(City._meta.app_config.path) / "fixtures" / "docs_examples.json").read_text())
    cities = {row["pk"]: row["fields"] for row in fixture if row["model"] == "geography.city"}
    pk, fields = next(iter(cities.items()))
    stored = City.objects.get(pk=pk)
    assert stored.modified_date == parse_datetime(fields["modified_date"])
    City.objects.filter(pk=pk).update(name="RENAMED")
    renamed = City.objects.get(pk=pk).modified_date
    if connection.vendor == "postgresql":
        assert renamed > stored.modified_date
    else:
        assert renamed == stored.modified_date


def test_generate_data_keeps_its_timestamps():
    started = database_clock()
    call_command("generate_data", scale=30, seed=3, stdout=io.StringIO(), stderr=io.StringIO())
    assert District.objects.exists()
    assert not District.objects.filter(modified_date__gte=started).exists()
