"""The visibility horizon (api/sync/horizon.py): a late commit is never passed by a client's watermark.

The concurrent cases need a second real transaction: on PostgreSQL it runs in a thread with its
own connection, as the test's role or as a plain login role of its own (a loader's), read by
another plain role (the API's). SQLite has one writer at a time, so there the same steps run
one after the other, and what holds is asserted: every committed row is served, nothing newer
than now.
"""

import contextlib
import datetime
import threading

import pytest
from django.db import connection, connections, transaction
from django.utils import timezone

from api.sync.horizon import read_horizon
from api.sync.stamping import MARKER_CLASSID, chosen_timestamps
from geography.models import City
from tests.geography.factories import CityFactory
from tests.roles import connected_as, plain_roles

URL = "/api/v1/oms/cities/list-simple/"


class OpenTransaction(threading.Thread):
    """Runs ``work`` in a transaction of its own connection and keeps it open until ``finish()``."""

    def __init__(self, work, role=None):
        super().__init__()
        self.work, self.role = work, role
        self.started, self.done = threading.Event(), threading.Event()

    def run(self):
        try:
            with connected_as(self.role) if self.role else contextlib.nullcontext(), transaction.atomic():
                self.work()
                self.started.set()
                self.done.wait(10)
        finally:
            connections.close_all()

    def __enter__(self):
        self.start()
        assert self.started.wait(10)
        return self

    def __exit__(self, *exc):
        self.done.set()
        self.join()


def served(api_client, **params):
    body = api_client.get(URL, {"page_size": 100, **params}).json()
    return {row["id"]: row["name"] for row in body["results"]}


def rename(pk, name):
    City.objects.filter(pk=pk).update(name=name)


def stamp(pk):
    return City.objects.get(pk=pk).modified_date


def cities_of_a_minute_ago(*names):
    """Cities stamped well before any marker taken now (a marker is floored to its second)."""
    cities = [CityFactory(name=name) for name in names]
    with chosen_timestamps():
        a_minute_ago = timezone.now() - datetime.timedelta(minutes=1)
        City.objects.filter(pk__in=[city.pk for city in cities]).update(modified_date=a_minute_ago)
    return cities


def markers():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND classid = %s "
            "AND database = (SELECT oid FROM pg_database WHERE datname = current_database())",
            [MARKER_CLASSID],
        )
        return cursor.fetchone()[0]


def database_clock():
    with connection.cursor() as cursor:
        cursor.execute("SELECT clock_timestamp()")
        return cursor.fetchone()[0]


@pytest.mark.django_db(transaction=True)
def test_a_late_commit_holds_back_newer_rows_until_it_commits(api_client):
    early, late = cities_of_a_minute_ago("EARLY", "LATE")
    if connection.vendor != "postgresql":
        rename(early.pk, "EARLY 2")
        rename(late.pk, "LATE 2")
        assert served(api_client) == {early.pk: "EARLY 2", late.pk: "LATE 2"}
        return
    with OpenTransaction(lambda: rename(early.pk, "EARLY 2")):
        # Committed after the open transaction stamped its row: held back, or a client
        # taking LATE 2's stamp as its watermark would never see EARLY 2.
        rename(late.pk, "LATE 2")
        assert served(api_client) == {early.pk: "EARLY"}
    assert served(api_client) == {early.pk: "EARLY 2", late.pk: "LATE 2"}


@pytest.mark.django_db(transaction=True)
def test_a_writer_of_another_role_holds_back_a_reader_without_privileges():
    """``pg_stat_activity`` hides the writer's start from such a reader; its marker is in ``pg_locks``."""
    city = CityFactory()
    if connection.vendor != "postgresql":
        rename(city.pk, "RENAMED")
        assert stamp(city.pk) < read_horizon().time
        return
    stamps = []

    def write():
        rename(city.pk, "RENAMED")
        stamps.append(stamp(city.pk))

    with (
        plain_roles("loader", "api") as (loader, api),
        OpenTransaction(write, role=loader),
        connected_as(api),
    ):
        horizon = read_horizon().time
    assert horizon <= stamps[0]


def write_around_rolled_back_savepoints(early, late, stamps):
    # The marker taken in the savepoint goes with it (lock and setting): the next stamp takes it again.
    with transaction.atomic():
        rename(early.pk, "UNDONE")
        transaction.set_rollback(True)
    rename(late.pk, "LATE 2")
    stamps.append(stamp(late.pk))
    # Taken before this savepoint, the marker stays.
    with transaction.atomic():
        rename(early.pk, "UNDONE")
        transaction.set_rollback(True)


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_savepoint_leaves_the_transaction_marked_while_it_has_stamps():
    early, late = cities_of_a_minute_ago("EARLY", "LATE")
    stamps = []
    if connection.vendor != "postgresql":
        write_around_rolled_back_savepoints(early, late, stamps)
        assert stamp(late.pk) < read_horizon().time
        return
    with OpenTransaction(lambda: write_around_rolled_back_savepoints(early, late, stamps)):
        assert markers() == 1
        assert read_horizon().time <= stamps[0]
    assert City.objects.get(pk=early.pk).name == "EARLY"


@pytest.mark.django_db(transaction=True)
def test_writes_with_chosen_timestamps_publish_no_marker(api_client):
    city = cities_of_a_minute_ago("CHOSEN")[0]

    def backdate():
        with chosen_timestamps():
            City.objects.filter(pk=city.pk).update(name="BACKDATED")

    if connection.vendor != "postgresql":
        backdate()
        assert served(api_client) == {city.pk: "BACKDATED"}
        return
    before = database_clock()
    with OpenTransaction(backdate):
        assert markers() == 0
        assert read_horizon().time >= before
    assert served(api_client) == {city.pk: "BACKDATED"}


@pytest.mark.django_db(transaction=True)
def test_a_transaction_that_has_not_written_holds_nothing_back(api_client):
    city = CityFactory(name="BEFORE")
    postgresql = connection.vendor == "postgresql"
    with OpenTransaction(lambda: list(City.objects.all())) if postgresql else contextlib.nullcontext():
        rename(city.pk, "AFTER")
        assert served(api_client) == {city.pk: "AFTER"}


@pytest.mark.django_db(transaction=True)
def test_a_walk_keeps_the_horizon_of_its_first_page(api_client):
    cities = CityFactory.create_batch(4)
    first = api_client.get(URL, {"cursor": "", "page_size": 2, "sort": "id"}).json()
    # Changed after the walk began: left for the next run, not served twice or out of order.
    cities[3].name = "CHANGED"
    cities[3].save()
    CityFactory()
    rest = api_client.get(first["next"]).json()
    assert [row["id"] for row in first["results"] + rest["results"]] == [c.pk for c in cities[:3]]
    watermark = max(row["modified_date"] for row in first["results"] + rest["results"])
    assert served(api_client, modified_date__gt=watermark)[cities[3].pk] == "CHANGED"


@pytest.mark.django_db(transaction=True)
def test_max_hold_lets_a_writer_older_than_it_stop_holding_rows_back(api_client, settings):
    early, late = cities_of_a_minute_ago("EARLY", "LATE")
    # Counted from the marker, floored to its second: a writer is waited for 1 to 2 seconds.
    settings.API_SYNC_MAX_HOLD = 2
    if connection.vendor != "postgresql":
        rename(late.pk, "LATE 2")
        assert served(api_client)[late.pk] == "LATE 2"
        return
    with OpenTransaction(lambda: rename(early.pk, "EARLY 2")):
        rename(late.pk, "LATE 2")
        assert late.pk not in served(api_client)
        threading.Event().wait(2.1)
        assert served(api_client)[late.pk] == "LATE 2"


@pytest.mark.django_db
def test_rows_stamped_in_the_future_wait_for_the_horizon(api_client):
    city = CityFactory()
    with chosen_timestamps():
        City.objects.filter(pk=city.pk).update(modified_date=timezone.now() + datetime.timedelta(hours=1))
    assert served(api_client) == {}
