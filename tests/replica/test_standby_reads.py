"""Reads through a real hot standby (api/ops/replica.py): a replica answers only for what it has replayed.

Each test runs the service over a throwaway primary and its standby (tests/standby.py), both as
plain login roles, and syncs or walks promotions the documented way while the primary changes
them; the request log says which database served each page. A standby that replays late, is
paused, or goes away makes pages go to the primary; none of it may lose a row.
"""

import base64
import time
import urllib.parse
from urllib.parse import parse_qs, urlsplit

import orjson
import pytest

from api.ops.wal import WAL_PAGE
from api.pages.cursor import token_payload
from datawarehouse.campaigns.models import Promotion
from tests.api.test_sync_torture import PAGE_SIZE, SyncClient, Writer, database_copy, sync_while_writing
from tests.datawarehouse.campaigns.factories import PromotionFactory
from tests.factories import ChannelFactory, TokenFactory, UserFactory
from tests.oms.orders.factories import OrderItemFactory
from tests.standby import wait_for

ROUTE = "campaigns/promotions"
# The bound of the tests where replay lags on purpose; the undelayed case allows more, so that a
# busy machine does not send its pages to the primary.
MAX_WAIT = 0.5


@pytest.fixture
def promotions(on_primary):
    """A channel with 24 promotions on the primary, and a staff token's key."""
    channel = ChannelFactory()
    PromotionFactory.create_batch(24, channel=channel)
    return channel, TokenFactory(user=UserFactory(is_staff=True)).key


def on(server, work):
    """``work`` for a thread of its own, whose ORM uses ``server`` (as the loader's role)."""

    def run(*args):
        with server.connected():
            work(*args)

    return run


def served_rows(server) -> dict[str, int]:
    """Promotion rows served so far, by the database that served them."""
    rows = {"primary": 0, "replica": 0}
    for line in server.requests(ROUTE):
        rows[line["database"]] += line["rows"]
    return rows


def databases(server) -> list[str]:
    """The database that served each promotions page so far, in order."""
    return [line["database"] for line in server.requests(ROUTE)]


@pytest.mark.parametrize("mode", ["page", "cursor"])
def test_a_sync_through_a_replica_that_replays_late_misses_nothing(cluster, promotions, service, mode):
    primary, standby = cluster
    channel, token = promotions
    standby.configure(recovery_min_apply_delay="4s")
    try:
        with service(API_REPLICA_MAX_WAIT=str(MAX_WAIT)) as server:
            client = SyncClient(server.url, token, channel, mode, "-modified_date")
            sync_while_writing(client, lambda seed: on(primary, Writer(channel, seed).run))
    finally:
        standby.configure(recovery_min_apply_delay="0")
    assert client.copy == database_copy(channel)
    assert served_rows(server)["primary"] > 0


def test_a_sync_through_an_undelayed_replica_is_served_mostly_by_the_replica(cluster, promotions, service):
    primary, standby = cluster
    channel, token = promotions
    standby.catch_up(primary)
    with service(API_REPLICA_MAX_WAIT="5") as server:
        client = SyncClient(server.url, token, channel, "cursor", "id")
        sync_while_writing(client, lambda seed: on(primary, Writer(channel, seed).run))
    assert client.copy == database_copy(channel)
    rows = served_rows(server)
    assert rows["replica"] > rows["primary"], rows


def test_paused_replay_sends_reads_to_the_primary_within_the_bound_and_resumed_brings_them_back(
    cluster, promotions, service
):
    primary, standby = cluster
    channel, token = promotions
    standby.catch_up(primary)
    with service(API_REPLICA_MAX_WAIT=str(MAX_WAIT)) as server:
        client = SyncClient(server.url, token, channel, "page", "id")
        client.sync()
        assert set(databases(server)) == {"replica"}
        standby.pause()
        try:
            for _ in range(3):  # the primary keeps changing while replay stays paused
                PromotionFactory.create_batch(2, channel=channel)
                promotion = Promotion.objects.filter(channel=channel).order_by("?").first()
                promotion.name = "renamed while paused"
                promotion.save()
                before = len(server.requests(ROUTE))
                client.sync()
                assert client.copy == database_copy(channel)
                paused = server.requests(ROUTE)[before:]
                assert {line["database"] for line in paused} == {"primary"}
                # The first waits the bound out; the others do not wait (the replica is known behind).
                assert max(line["duration_ms"] for line in paused) < (MAX_WAIT + 1) * 1000, paused
                assert client.get(f"{server.url}/readyz")["replica"].startswith(
                    "behind: reads go to another replica or the primary"
                )
            # A record committed while replay is paused is found by id (read on the primary).
            item = OrderItemFactory()
            assert client.get(f"{server.url}/api/v1/oms/order_items/{item.pk}/")["id"] == item.pk
            assert server.requests("order_items")[-1]["database"] == "primary"
        finally:
            standby.resume()
        standby.catch_up(primary)
        before = len(server.requests(ROUTE))
        client.sync()
        assert client.copy == database_copy(channel)
        assert {line["database"] for line in server.requests(ROUTE)[before:]} == {"replica"}
        assert client.get(f"{server.url}/readyz")["replica"] == "ok"
        assert client.get(f"{server.url}/api/v1/oms/order_items/{item.pk}/")["id"] == item.pk
        assert server.requests("order_items")[-1]["database"] == "replica"


def walk_doing(client, url, between) -> list:
    """The rows of a walk that follows ``next`` from ``url``, calling ``between()`` after each page."""
    walked = []
    while url:
        body = client.get(url)
        walked.extend(body["results"])
        url = body["next"]
        between()
    return walked


def test_a_walk_whose_pages_alternate_between_replica_and_primary_misses_nothing(
    cluster, promotions, service
):
    primary, standby = cluster
    channel, token = promotions
    standby.catch_up(primary)
    with service(API_REPLICA_MAX_WAIT=str(MAX_WAIT)) as server:
        client = SyncClient(server.url, token, channel, "page", "id")
        # Between pages: a change, a delete and an insert on the primary, and the standby is made
        # to be behind the walk's position, caught up, gone, and back.
        standby.pause()
        PromotionFactory(channel=channel)
        between_pages = [
            lambda: (standby.resume(), standby.catch_up(primary)),
            lambda: standby.stop(),
            lambda: (standby.start(), standby.catch_up(primary), time.sleep(1.2)),  # the breaker's retry
        ]

        def between():
            promotions_now = Promotion.objects.filter(channel=channel).order_by("id")
            promotions_now.last().save()  # changed: served by the next sync
            promotions_now.first().delete()  # deleted: served by deleted-items
            PromotionFactory(channel=channel)  # new: served by the next sync
            if between_pages:
                between_pages.pop(0)()

        url = f"{client.base}{ROUTE}?{urllib.parse.urlencode({'page_size': PAGE_SIZE, 'sort': 'id'})}"
        walked = walk_doing(client, url, between)
        assert databases(server)[:4] == ["primary", "replica", "primary", "replica"]
        assert len({row["id"] for row in walked}) == len(walked)  # each row once
        for row in walked:
            client.copy[row["id"]] = row
            client.watermark = max(client.watermark or "", row["modified_date"])
        client.sync()
    assert client.copy == database_copy(channel)


def test_a_walk_token_without_a_position_is_read_on_the_primary(cluster, promotions, service):
    primary, standby = cluster
    channel, token = promotions
    standby.catch_up(primary)
    with service() as server:
        client = SyncClient(server.url, token, channel, "cursor", "id")
        first = client.get(f"{client.base}{ROUTE}?page_size=5&cursor=")
        url = urllib.parse.urlsplit(first["next"])
        query = dict(urllib.parse.parse_qsl(url.query))
        payload = token_payload(query["cursor"])
        assert isinstance(payload.pop("p"), int)
        query["cursor"] = base64.urlsafe_b64encode(orjson.dumps(payload)).decode().rstrip("=")
        minted_before = url._replace(query=urllib.parse.urlencode(query)).geturl()
        old, new = client.get(minted_before), client.get(first["next"])
    assert old["results"] == new["results"]
    assert token_payload(parse_qs(urlsplit(old["next"]).query)["cursor"][0])["p"] is None  # stays without
    assert databases(server) == ["replica", "primary", "replica"]


def wal_ending_at_a_page_boundary(primary) -> int:
    """Writes WAL on the primary (logical messages, outside any transaction) until its last record
    ends at a WAL page boundary: its insert position then, just past the next page's header."""

    def inserted():
        return primary.query("SELECT (pg_current_wal_insert_lsn() - '0/0')::bigint")[0]

    def emit(length):
        primary.query("SELECT pg_logical_emit_message(false, 'p', repeat('x', %s))", [length])

    before = inserted()
    emit(0)
    smallest = inserted() - before  # an empty message's record, aligned (or more, if it crossed a page)
    for _ in range(50):
        position = inserted()
        if position % WAL_PAGE == 24:
            return position
        room = WAL_PAGE - position % WAL_PAGE
        emit(room - smallest if room >= smallest else 0)  # exactly to the boundary, or onto the next page
    raise AssertionError("The primary's WAL did not end at a page boundary.")


def test_a_replica_that_replayed_up_to_a_wal_page_boundary_serves_the_reads_of_that_position(
    cluster, promotions, service
):
    # There the primary's insert position points past the next page's header, where no record
    # ends: a replica that replayed everything never reaches it until the primary writes again.
    primary, standby = cluster
    channel, token = promotions
    with service(API_REPLICA_MAX_WAIT="2") as server:
        client = SyncClient(server.url, token, channel, "cursor", "id")
        url = f"{client.base}{ROUTE}?page_size=5"
        client.get(url)  # the token's last use is written now, not between the WAL and the read
        for _ in range(5):  # again if anything else wrote WAL meanwhile (a checkpoint, autovacuum)
            position = wal_ending_at_a_page_boundary(primary)
            boundary = position - 24
            wait_for(lambda boundary=boundary: standby.replayed() >= boundary, "the standby at the boundary")
            client.get(url)
            if primary.query("SELECT (pg_current_wal_insert_lsn() - '0/0')::bigint")[0] == position:
                break
        else:
            raise AssertionError("WAL was written between the boundary and the read each time.")
    assert databases(server)[-1] == "replica"


@pytest.mark.parametrize("mode", ["page", "cursor"])
def test_a_walk_whose_replica_sessions_end_between_pages_misses_nothing(cluster, promotions, service, mode):
    """A later page's statements are prepared on the session that runs them (api/pages/prepared.py):
    a standby that ends the service's sessions between pages (a restart, an operator, a recovery
    conflict) leaves the next page to a new session, which prepares them again; no row is lost."""
    primary, standby = cluster
    channel, token = promotions
    standby.catch_up(primary)
    ended = []
    with service(API_REPLICA_MAX_WAIT=str(MAX_WAIT)) as server:
        client = SyncClient(server.url, token, channel, mode, "id")
        params = {"page_size": PAGE_SIZE, "sort": "id", **({"cursor": ""} if mode == "cursor" else {})}
        url = f"{client.base}{ROUTE}?{urllib.parse.urlencode(params)}"
        ending = (
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = "
            "current_database() AND backend_type = 'client backend' AND pid <> pg_backend_pid()"
        )
        walked = walk_doing(client, url, lambda: ended.extend(standby.query(ending)))
        served_by = databases(server)
    assert sorted(row["id"] for row in walked) == sorted(
        Promotion.objects.filter(channel=channel).values_list("id", flat=True)
    )
    assert all(ended[:-1])  # each later page had a session on the standby to lose
    assert served_by.count("replica") >= len(served_by) - 1
