"""The visibility horizon (api/horizon.py): a late commit is never passed by a client's watermark.

The concurrent cases need a second real transaction: on PostgreSQL it runs in a thread with its
own connection. SQLite has one writer at a time, so there the same steps run one after the
other, and what holds is asserted: every committed row is served, nothing newer than now.
"""

import contextlib
import datetime
import threading

import pytest
from django.db import connection, connections, transaction
from django.utils import timezone

from api.stamping import chosen_timestamps
from geography.models import City
from tests.geography.factories import CityFactory

URL = "/api/v1/oms/cities/list-simple/"


class OpenTransaction(threading.Thread):
    """Runs ``work`` in a transaction of its own connection and keeps it open until ``finish()``."""

    def __init__(self, work):
        super().__init__()
        self.work, self.started, self.done = work, threading.Event(), threading.Event()

    def run(self):
        try:
            with transaction.atomic():
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


@pytest.mark.django_db(transaction=True)
def test_a_late_commit_holds_back_newer_rows_until_it_commits(api_client):
    early, late = CityFactory(name="EARLY"), CityFactory(name="LATE")
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
    early, late = CityFactory(name="EARLY"), CityFactory(name="LATE")
    settings.API_SYNC_MAX_HOLD = 1
    if connection.vendor != "postgresql":
        rename(late.pk, "LATE 2")
        assert served(api_client)[late.pk] == "LATE 2"
        return
    with OpenTransaction(lambda: rename(early.pk, "EARLY 2")):
        rename(late.pk, "LATE 2")
        assert late.pk not in served(api_client)
        threading.Event().wait(1.2)
        assert served(api_client)[late.pk] == "LATE 2"


@pytest.mark.django_db
def test_rows_stamped_in_the_future_wait_for_the_horizon(api_client):
    city = CityFactory()
    with chosen_timestamps():
        City.objects.filter(pk=city.pk).update(modified_date=timezone.now() + datetime.timedelta(hours=1))
    assert served(api_client) == {}
