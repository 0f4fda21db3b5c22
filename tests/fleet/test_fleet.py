"""A fleet of real hot standbys (api/ops/replica.py, api/export/streams.py): reads spread over the caught-up
ones, a stranger or a promoted server is refused, and an export survives a recovery conflict.

The service runs over a throwaway primary and two standbys (tests/standby.py) as a plain login
role; its JSON request log says which database served each read.
"""

import contextlib
import io
import secrets
import shutil
import socket
import time
import urllib.request

import factory
import orjson
import pyarrow.parquet as pq
import pytest

from datawarehouse.campaigns.models import Promotion
from geography.models import City
from tests.datawarehouse.campaigns.factories import PromotionFactory
from tests.factories import ChannelFactory, TokenFactory, UserFactory
from tests.fleet.conftest import FLEET_PORTS
from tests.geography.factories import CityFactory
from tests.standby import DATABASE, Postgres, Service, reserved_ports, scratch_directory, wait_for

ROUTE = "campaigns/promotions"
# Enough rows, of names that do not compress (Parquet), that the export outlasts the sockets'
# buffers (a few MB) while the client does not read.
EXPORT_ROWS = 60000


@pytest.fixture
def channel_and_token(on_primary):
    channel = ChannelFactory()
    return channel, TokenFactory(user=UserFactory(is_staff=True)).key


@contextlib.contextmanager
def service(primary, replicas, tmp_path, **environment):
    environment = {"API_REPLICA_MAX_WAIT": "5", **environment}
    log, reservation = tmp_path / "service.log", reserved_ports(1, FLEET_PORTS)
    with reservation as [port], Service(primary, replicas, port, log, **environment) as server:
        yield server


def get(server, path, token):
    """The JSON body of ``path`` on the service."""
    headers = {"Authorization": f"Token {token}"} if token else {}
    request = urllib.request.Request(f"{server.url}{path}", headers=headers)
    with urllib.request.urlopen(request, timeout=60) as response:
        return orjson.loads(response.read())


def test_reads_spread_across_two_caught_up_replicas(fleet, channel_and_token, tmp_path):
    primary, standbys = fleet
    channel, token = channel_and_token
    PromotionFactory.create_batch(5, channel=channel)
    for standby in standbys:
        standby.catch_up(primary)
    with service(primary, standbys, tmp_path) as server:
        for _ in range(10):
            assert (
                len(get(server, f"/api/v1/remote/{channel.pk}/data-warehouse/{ROUTE}/", token)["results"])
                == 5
            )
        served = [line["database"] for line in server.requests(ROUTE)]
        ready = get(server, "/readyz", token)
    assert served.count("replica") >= 3 and served.count("replica2") >= 3, served
    assert ready["replica"] == "ok"
    assert {state["state"] for state in ready["replicas"].values()} == {"ok"}


def test_a_server_of_another_cluster_is_refused_for_reads_and_reported(
    fleet, stranger, channel_and_token, tmp_path
):
    primary, (standby, _) = fleet
    channel, token = channel_and_token
    PromotionFactory.create_batch(3, channel=channel)
    standby.catch_up(primary)
    with service(primary, [stranger, standby], tmp_path) as server:
        for _ in range(4):
            assert (
                len(get(server, f"/api/v1/remote/{channel.pk}/data-warehouse/{ROUTE}/", token)["results"])
                == 3
            )
        ready = get(server, "/readyz", token)
        log = server.log.read_text()
    assert set(line["database"] for line in server.requests(ROUTE)) == {"replica2"}
    assert ready["replicas"]["replica"]["state"].startswith("refused: another cluster (system identifier")
    assert ready["replicas"]["replica"]["bytes_behind"] is None  # its WAL is not the primary's
    assert ready["replicas"]["replica2"]["state"] == "ok"
    assert ready["replica"] == "degraded: 1 of 2 replicas serve reads, reads go to the others"
    assert "refused for reads: another cluster" in log


def test_a_promoted_standby_is_refused_from_its_next_read(fleet, channel_and_token, tmp_path):
    primary, _ = fleet
    channel, token = channel_and_token
    PromotionFactory.create_batch(3, channel=channel)
    with reserved_ports(1, FLEET_PORTS) as [port]:
        promoted = Postgres(scratch_directory(), "promoted", port)
        promoted.clone(primary)
        promoted.start()
        promoted.catch_up(primary)
        try:
            with service(primary, [promoted], tmp_path, API_REPLICA_RECHECK_SECONDS="0.5") as server:
                url = f"/api/v1/remote/{channel.pk}/data-warehouse/{ROUTE}/"
                get(server, url, token)
                promoted.query("SELECT pg_promote()")
                for _ in range(3):
                    assert len(get(server, url, token)["results"]) == 3
                    time.sleep(0.6)  # each next read checks its identity again: still promoted
                ready = get(server, "/readyz", token)
                log = server.log.read_text()
        finally:
            promoted.stop("immediate")
            shutil.rmtree(promoted.data.parent, ignore_errors=True)
    assert [line["database"] for line in server.requests(ROUTE)] == [
        "replica",
        "primary",
        "primary",
        "primary",
    ]
    assert ready["replica"] == "refused: not in recovery (promoted, or a primary of its own)"
    assert log.count("refused for reads") == 1  # reported once, not at each check
    assert "accepted for reads again" not in log


def test_a_refused_server_its_operator_fixes_serves_again_without_a_restart(
    fleet, channel_and_token, tmp_path
):
    primary, _ = fleet
    channel, token = channel_and_token
    PromotionFactory.create_batch(3, channel=channel)
    with reserved_ports(1, FLEET_PORTS) as [port]:
        root = scratch_directory()
        # The URL's server is another cluster's; the operator re-seeds it, on the same port, as a
        # standby of the primary.
        stranger, reseeded = Postgres(root, "stranger", port), Postgres(root, "reseeded", port)
        stranger.create()
        stranger.start()
        stranger.query(f"CREATE DATABASE {DATABASE}", database="postgres")
        stranger.query("CREATE ROLE reporting_api LOGIN")
        url = f"/api/v1/remote/{channel.pk}/data-warehouse/{ROUTE}/"
        try:
            with service(primary, [stranger], tmp_path, API_REPLICA_RECHECK_SECONDS="1") as server:
                get(server, url, token)
                refused = get(server, "/readyz", token)["replica"]
                stranger.stop()
                reseeded.clone(primary)
                reseeded.start()
                reseeded.catch_up(primary)
                # A probe or a read checks it again once the re-check is due (and it answers again).
                wait_for(lambda: get(server, "/readyz", token)["replica"] == "ok", "the replica accepted")
                assert len(get(server, url, token)["results"]) == 3
                log = server.log.read_text()
        finally:
            for postgres in (stranger, reseeded):
                if (postgres.data / "postmaster.pid").exists():
                    postgres.stop("immediate")
            shutil.rmtree(root, ignore_errors=True)
    assert refused.startswith("refused: another cluster")
    assert [line["database"] for line in server.requests(ROUTE)] == ["primary", "replica"]
    assert "Read replica replica accepted for reads again: a standby of the primary" in log


def test_a_replica_unreachable_when_the_service_starts_serves_once_it_is_up(
    fleet, channel_and_token, tmp_path
):
    primary, (standby, _) = fleet
    channel, token = channel_and_token
    PromotionFactory.create_batch(3, channel=channel)
    url = f"/api/v1/remote/{channel.pk}/data-warehouse/{ROUTE}/"
    standby.stop()
    try:
        with service(primary, [standby], tmp_path) as server:
            get(server, url, token)
            down = get(server, "/readyz", token)["replica"]
            standby.start()
            standby.catch_up(primary)
            time.sleep(1.2)  # the reachability breaker's retry (DEPENDENCY_RETRY_SECONDS=1)
            assert len(get(server, url, token)["results"]) == 3
            up = get(server, "/readyz", token)["replica"]
    finally:
        if not (standby.data / "postmaster.pid").exists():
            standby.start()
    assert down == "unreachable: reads go to another replica or the primary"
    assert [line["database"] for line in server.requests(ROUTE)] == ["primary", "replica"]
    assert up == "ok"


def test_readyz_waits_out_one_connect_timeout_for_two_unanswering_replicas(fleet, tmp_path):
    primary, _ = fleet
    # Two ports that take connections and never answer: each check waits its whole connect timeout.
    silent = [socket.create_server(("127.0.0.1", 0)) for _ in range(2)]
    replicas = [Silent(listener.getsockname()[1]) for listener in silent]
    try:
        with service(primary, replicas, tmp_path, DATABASE_REPLICA_CONNECT_TIMEOUT="3") as server:
            started = time.monotonic()
            ready = get(server, "/readyz", None)
            took = time.monotonic() - started
    finally:
        for listener in silent:
            listener.close()
    assert ready["status"] == "ready"
    assert {state["state"] for state in ready["replicas"].values()} == {
        "unreachable: reads go to another replica or the primary"
    }
    assert 3 <= took < 5.5, took  # one timeout of 3 s, not two


class Silent:
    """A replica URL of a port of its own (one that accepts and never answers), or of ``database``."""

    def __init__(self, port, database=DATABASE):
        self.port, self.database = port, database

    def url_as(self, user):
        return f"postgres://{user}@127.0.0.1:{self.port}/{self.database}"


def test_a_url_naming_another_database_of_a_standby_is_refused_for_reads(fleet, channel_and_token, tmp_path):
    primary, (standby, _) = fleet
    channel, token = channel_and_token
    PromotionFactory.create_batch(3, channel=channel)
    standby.catch_up(primary)
    # The standby's own server, its maintenance database: same cluster, in recovery, other rows.
    with service(primary, [Silent(standby.port, "postgres"), standby], tmp_path) as server:
        for _ in range(4):
            assert (
                len(get(server, f"/api/v1/remote/{channel.pk}/data-warehouse/{ROUTE}/", token)["results"])
                == 3
            )
        ready = get(server, "/readyz", token)
    assert set(line["database"] for line in server.requests(ROUTE)) == {"replica2"}
    assert ready["replicas"]["replica"]["state"] == (
        f"refused: another database ('postgres', the primary's is '{DATABASE}')"
    )


@pytest.mark.parametrize("export_format", ["ndjson", "parquet"])
def test_an_export_survives_a_recovery_conflict_during_a_slow_client(
    fleet, channel_and_token, tmp_path, export_format
):
    primary, standbys = fleet
    channel, token = channel_and_token
    incompressible = factory.LazyFunction(lambda: secrets.token_hex(60))
    promotions = PromotionFactory.build_batch(EXPORT_ROWS, channel=channel, name=incompressible)
    Promotion.objects.bulk_create(promotions, batch_size=5000)
    expected = list(Promotion.objects.filter(channel=channel).order_by("id").values_list("id", flat=True))
    for standby in standbys:
        standby.catch_up(primary)
        standby.configure(max_standby_streaming_delay="0", hot_standby_feedback="off")
    with service(primary, standbys, tmp_path, API_EXPORT_CHUNK_ROWS="200") as server:
        path = f"/api/v1/remote/{channel.pk}/data-warehouse/{ROUTE}/?format={export_format}&sort=id"
        with slow_client(server, path, token) as client:
            head = client.recv(65536)  # the stream has started on a replica
            # A conflict: rows deleted on the primary and vacuumed away while the export's
            # snapshot (on a standby, idle between fetches) could still see them.
            cities = CityFactory.create_batch(50)
            City.objects.filter(pk__in=[city.pk for city in cities]).delete()
            primary.query("VACUUM geography_city")
            for standby in standbys:
                standby.catch_up(primary)
            time.sleep(1)
            body = head + read_all(client)
        log = server.log.read_text()
    assert "Export lost replica" in log, "the conflict did not reach the export: no test"
    headers, _, payload = body.partition(b"\r\n\r\n")
    assert headers.startswith(b"HTTP/1.1 200")
    assert served_ids(payload, export_format) == expected  # every row once, in order: one whole stream


class slow_client:
    """A raw socket to the service with a small receive buffer, so that the server blocks on it."""

    def __init__(self, server, path, token):
        self.address, self.path, self.token = ("127.0.0.1", int(server.url.rsplit(":", 1)[1])), path, token

    def __enter__(self):
        self.socket = socket.socket()
        self.socket.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        self.socket.connect(self.address)
        headers = f"Host: 127.0.0.1\r\nAuthorization: Token {self.token}\r\nConnection: close"
        self.socket.sendall(f"GET {self.path} HTTP/1.1\r\n{headers}\r\n\r\n".encode())
        self.socket.settimeout(120)
        return self.socket

    def __exit__(self, *exc):
        self.socket.close()


def read_all(client) -> bytes:
    parts = []
    while data := client.recv(1 << 20):
        parts.append(data)
    return b"".join(parts)


def served_ids(payload: bytes, export_format: str) -> list[int]:
    if export_format == "ndjson":
        return [orjson.loads(line)["id"] for line in payload.splitlines() if line]
    return pq.read_table(io.BytesIO(payload)).column("id").to_pylist()
