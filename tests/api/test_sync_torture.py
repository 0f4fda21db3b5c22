"""Torture test of incremental sync: writers change a table while a client syncs it through HTTP.

The client is the documented one (and every standard ELT tool's): remember the largest
``modified_date`` seen, ask next time for ``modified_date__gt`` it, merge rows on ``id``, read
deletions from ``deleted-items`` the same way. It follows ``next`` in page mode or in cursor
mode. When the writers stop and one last sync has run, its copy must equal the database.

On PostgreSQL the writers are threads with their own connections, so their transactions are
real and overlap: inserts, ORM saves, ``QuerySet.update()``, deletes and long transactions that
commit late; they and the server use the test's role, or each a plain login role of its own (a
least-privilege deployment: neither sees the other's sessions in ``pg_stat_activity``). SQLite
has one writer at a time and its in-memory test database one connection, so there the same
client syncs between bursts of ORM writes made by one writer.
"""

import contextlib
import json
import random
import threading
import time
import urllib.parse
import urllib.request

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import DatabaseError, connection, connections, transaction
from rest_framework.renderers import JSONRenderer

from datawarehouse.campaigns.models import Promotion
from datawarehouse.campaigns.serializers import PromotionSerializer
from tests.datawarehouse.campaigns.factories import PromotionFactory
from tests.factories import ChannelFactory, TokenFactory, UserFactory
from tests.roles import connected_as, live_server_as, plain_roles

WRITE_SECONDS = 2.0
PAGE_SIZE = 4
# What each of the four concurrent writers does (PostgreSQL).
WRITER_KINDS = [
    ["insert", "orm_save", "delete"],
    ["queryset_update", "orm_save", "insert"],
    ["long_transaction"],
    ["long_transaction", "queryset_update", "delete"],
]


class SyncClient:
    """An incremental client of one channel's promotions, as docs/sync.md teaches it."""

    def __init__(self, base_url, token, channel, mode, sort):
        self.base = f"{base_url}/api/v1/remote/{channel.pk}/data-warehouse/"
        self.headers = {"Authorization": f"Token {token}"}
        self.mode, self.sort = mode, sort
        self.content_type = ContentType.objects.get_for_model(Promotion).pk
        self.copy: dict[int, dict] = {}
        self.watermark = self.deleted_watermark = None

    def get(self, url):
        request = urllib.request.Request(url, headers=self.headers)
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.loads(response.read())

    def walk(self, path, watermark, **params):
        params = {"page_size": PAGE_SIZE, **params}
        if watermark:
            params["modified_date__gt"] = watermark
        if self.mode == "cursor":
            params["cursor"] = ""
        url = f"{self.base}{path}?{urllib.parse.urlencode(params)}"
        while url:
            body = self.get(url)
            yield from body["results"]
            url = body["next"]

    def sync(self):
        for row in list(self.walk("campaigns/promotions", self.watermark, sort=self.sort)):
            self.copy[row["id"]] = row
            self.watermark = max(self.watermark or "", row["modified_date"])
        deleted = self.walk("deleted-items", self.deleted_watermark, content_type=self.content_type)
        for row in list(deleted):
            self.copy.pop(int(row["object_id"]), None)  # object ids are served as text
            self.deleted_watermark = max(self.deleted_watermark or "", row["deleted_date"])


class Writer:
    """Random changes to one channel's promotions; each method is one kind of write."""

    def __init__(self, channel, seed, role=None):
        self.channel, self.random, self.role = channel, random.Random(seed), role
        self.count = 0

    def some_id(self):
        ids = list(Promotion.objects.filter(channel=self.channel).values_list("pk", flat=True))
        return self.random.choice(ids) if ids else None

    def name(self, how):
        self.count += 1
        return f"{how} {threading.get_ident()} {self.count}"

    def insert(self):
        PromotionFactory(channel=self.channel)

    def orm_save(self):
        promotion = Promotion.objects.filter(pk=self.some_id()).first()
        if promotion is None:
            return
        promotion.name = self.name("saved")
        # update_fields: a row deleted meanwhile is an error, not re-inserted under its old id. The
        # savepoint keeps that error from breaking a long transaction this save is part of (its
        # next query failed, and the writer's thread died quietly).
        with contextlib.suppress(DatabaseError), transaction.atomic():
            promotion.save(update_fields=["name", "modified_date"])

    def queryset_update(self):
        Promotion.objects.filter(pk=self.some_id()).update(name=self.name("updated"))

    def long_transaction(self):
        with transaction.atomic():
            self.orm_save()
            time.sleep(self.random.uniform(0.05, 0.4))
            self.orm_save()

    def delete(self):
        Promotion.objects.filter(pk=self.some_id()).delete()

    def run(self, kinds, until):
        try:
            with connected_as(self.role) if self.role else contextlib.nullcontext():
                while time.monotonic() < until:
                    getattr(self, self.random.choice(kinds))()
        finally:
            connections.close_all()


def sync_while_writing(client, writer_run):
    """The ``WRITER_KINDS`` writers change a channel for ``WRITE_SECONDS``, ``client`` syncing it
    throughout, then once more. ``writer_run(seed)`` is what a writer's thread runs (a ``Writer``'s
    ``run``, with its connection as the caller needs)."""
    until = time.monotonic() + WRITE_SECONDS
    writers = [
        threading.Thread(target=writer_run(seed), args=(kinds, until))
        for seed, kinds in enumerate(WRITER_KINDS)
    ]
    for writer in writers:
        writer.start()
    while any(writer.is_alive() for writer in writers):
        client.sync()
    for writer in writers:
        writer.join()
    client.sync()


def database_copy(channel):
    rows = PromotionSerializer(Promotion.objects.filter(channel=channel).order_by("id"), many=True).data
    return {row["id"]: row for row in json.loads(JSONRenderer().render(rows))}


@pytest.fixture
def unthrottled(monkeypatch):
    from rest_framework.throttling import SimpleRateThrottle

    rates = {**SimpleRateThrottle.THROTTLE_RATES, "token": "1000000/min"}
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", rates)


@contextlib.contextmanager
def server_and_writer_role(request, roles):
    """The live server's URL and the writers' role: the test's own for both, or a plain role each."""
    if roles == "one role":
        yield request.getfixturevalue("live_server").url, None
        return
    with plain_roles("loader", "api") as (loader, api), live_server_as(api) as url:
        yield url, loader


# Roles exist on PostgreSQL only. Two roles in two of the four walks keep the run time down.
CASES = [(mode, sort, "one role") for mode in ("page", "cursor") for sort in ("id", "-modified_date")]
if connection.vendor == "postgresql":
    CASES += [("page", "-modified_date", "two roles"), ("cursor", "id", "two roles")]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("mode", "sort", "roles"), CASES)
def test_incremental_sync_copy_equals_the_database(request, unthrottled, mode, sort, roles):
    channel = ChannelFactory()
    PromotionFactory.create_batch(24, channel=channel)
    token = TokenFactory(user=UserFactory(is_staff=True)).key
    with server_and_writer_role(request, roles) as (url, role):
        client = SyncClient(url, token, channel, mode, sort)
        if connection.vendor == "postgresql":
            sync_while_writing(client, lambda seed: Writer(channel, seed, role).run)
        else:
            writer, until = Writer(channel, 0), time.monotonic() + WRITE_SECONDS
            while time.monotonic() < until:
                for _ in range(5):
                    getattr(writer, writer.random.choice(["insert", "orm_save", "delete"]))()
                client.sync()
            client.sync()
    assert client.copy == database_copy(channel)
