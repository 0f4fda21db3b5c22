"""Fleet benchmark: a cursor walk and an NDJSON export on the primary, through one and through two replicas.

Run by hand (never part of the test suite), as root or as a user who may run PostgreSQL:

    SECRET_KEY=bench .venv/bin/python -m tests.benchmarks.fleet [--rows 100000] [--repeat 2]
        [--walkers 3] [--parts single,concurrent,check]

Everything it reads is its own, in a temporary directory removed at the end: a PostgreSQL 15
primary (``initdb``, migrated) and two streaming standbys of it (``pg_basebackup -R``), started by
tests/standby.py on free ports; the primary is filled with ``--rows`` districts (``stream.py``'s
fill) and both standbys catch up. The service is gunicorn (``export.py``'s ``server``) as the
API's plain login role, in three configurations: (a) no replica, (b) one caught-up replica,
(c) two. In one run:

- **single**: per configuration, one client's full cursor walk of OMS districts (page_size 1000,
  following ``next``, ``export.py``'s client) and one NDJSON export of the same rows
  (``stream.py``'s client), best of ``--repeat`` (the configurations take turns, one one-worker
  server each, so that the machine's drift falls on all three alike), in rows per second, and the
  share of the rows each database served (``reporting_rows_served_by_database_total`` from the
  server's ``/metrics``);
- **concurrent**: ``--walkers`` clients walking at once against a server of as many workers, per
  configuration, in rows per second all together (the machine's two cores bound what another
  replica can add: the client, gunicorn and all three PostgreSQL servers share them);
- **check**: what the replica's position check adds to a page, in this process: the queries a
  cursor page sends to each database with and without replicas (round trips), and the median time
  of the check itself (``Replica.replayed``: one autocommit statement on the replica) and of the
  whole choice (``database_at``) against a ``SELECT 1`` on the same connection.
"""

import argparse
import contextlib
import http.client
import os
import platform
import statistics
import tempfile
import threading
import time
from datetime import UTC, datetime

from tests.benchmarks import export as walk_client
from tests.benchmarks import stream
from tests.benchmarks.export import PATH, UNLIMITED_CONCURRENCY, server, setup
from tests.standby import API_ROLE, primary_and_standbys

PARTS = ("single", "concurrent", "check")
CONFIGURATIONS = ("primary", "one replica", "two replicas")


def load() -> str:
    return "load average " + " ".join(f"{figure:.2f}" for figure in os.getloadavg())


def environment(primary, replicas):
    """A server's environment: the API's role on the primary and on ``replicas``, metrics of its own."""
    return {
        "DATABASE_URL": primary.url_as(API_ROLE),
        "DATABASE_REPLICA_URLS": ",".join(replica.url_as(API_ROLE) for replica in replicas),
        "DATABASE_REPLICA_URL": "",
        # Every worker's counters in one scrape (each server a fresh directory).
        "PROMETHEUS_MULTIPROC_DIR": tempfile.mkdtemp(prefix="akinon-fleet-metrics-"),
        **UNLIMITED_CONCURRENCY,
    }


def rows_by_database(port) -> dict[str, float]:
    """``reporting_rows_served_by_database_total`` by database, as the server's ``/metrics`` says."""
    from prometheus_client.parser import text_string_to_metric_families

    _, body = get(port, "/metrics")
    return {
        sample.labels["database"]: sample.value
        for family in text_string_to_metric_families(body.decode())
        for sample in family.samples
        if sample.name == "reporting_rows_served_by_database_total"
    }


def get(port, path):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def shares(served: dict[str, float]) -> str:
    total = sum(served.values()) or 1
    return ", ".join(f"{database} {rows / total:.0%}" for database, rows in sorted(served.items()) if rows)


def walk(port, token, rows) -> float:
    """Rows per second of one full cursor walk (page_size 1000, following next, no compression)."""
    total, seconds, *_ = walk_client.export(port, token, {"page_size": 1000, "cursor": ""}, "identity")
    assert total == rows, (total, rows)
    return total / seconds


def ndjson(port, token, rows) -> float:
    lines, seconds, _ = stream.export(port, token, {"format": "ndjson"})
    assert lines == rows, (lines, rows)
    return lines / seconds


def single(primary, standbys, token, rows, repeat):
    """Each configuration's best walk and export, the configurations taking turns (in rotation)."""
    replicas = {"primary": [], "one replica": standbys[:1], "two replicas": standbys}
    figures = {name: {"walk": [], "export": []} for name in CONFIGURATIONS}
    served = {(name, kind): {} for name in CONFIGURATIONS for kind in ("walk", "export")}
    with contextlib.ExitStack() as servers:
        ports = {
            name: servers.enter_context(server(True, **environment(primary, replicas[name])))[0]
            for name in CONFIGURATIONS
        }
        for port in ports.values():
            stream.export(port, token, {"format": "ndjson", "limit": 10})  # start-up is no run's time
        for turn in range(repeat):
            # Each round starts with the next configuration, so that none always follows another.
            order = CONFIGURATIONS[turn % 3 :] + CONFIGURATIONS[: turn % 3]
            for name in order:
                port = ports[name]
                for kind, run in (("walk", walk), ("export", ndjson)):
                    before = rows_by_database(port)
                    figures[name][kind].append(run(port, token, rows))
                    for database, count in rows_by_database(port).items():
                        tally = served[(name, kind)]
                        tally[database] = tally.get(database, 0) + count - before.get(database, 0)
    print(f"\nOne client, one worker; best of {repeat} ({load()}):")
    print(
        "| configuration | cursor walk rows/s | walk rows served by | NDJSON rows/s | export rows served by |"
    )
    print("| --- | ---: | --- | ---: | --- |")
    for name in CONFIGURATIONS:
        walked, exported = max(figures[name]["walk"]), max(figures[name]["export"])
        print(
            f"| {name} | {walked:,.0f} | {shares(served[(name, 'walk')])} | {exported:,.0f} | "
            f"{shares(served[(name, 'export')])} |"
        )
    for name in CONFIGURATIONS:
        runs = "; ".join(
            f"{kind} " + ", ".join(f"{rate:,.0f}" for rate in figures[name][kind])
            for kind in ("walk", "export")
        )
        print(f"{name}, every run in turn (rows/s): {runs}")
    base = max(figures["primary"]["walk"]), max(figures["primary"]["export"])
    for name in CONFIGURATIONS[1:]:
        walked, exported = max(figures[name]["walk"]), max(figures[name]["export"])
        print(f"{name}: walk {walked / base[0]:.2f}x the primary's, export {exported / base[1]:.2f}x")


def concurrent(primary, standbys, token, rows, walkers, repeat):
    """``walkers`` cursor walks at once, per configuration, on a server of as many workers."""
    replicas = {"primary": [], "one replica": standbys[:1], "two replicas": standbys}
    best, served = {}, {}
    for name in CONFIGURATIONS:
        with server(True, workers=walkers, **environment(primary, replicas[name])) as (port, _):
            for _ in range(walkers):  # each worker's start-up, before the clock runs
                stream.export(port, token, {"format": "ndjson", "limit": 10})
            for _ in range(repeat):
                rates = []

                def walker(rates=rates, port=port):
                    rates.append(walk(port, token, rows))

                threads = [threading.Thread(target=walker) for _ in range(walkers)]
                started = time.perf_counter()
                for thread in threads:
                    thread.start()
                for thread in threads:
                    thread.join()
                elapsed = time.perf_counter() - started
                assert len(rates) == walkers, "a walker failed"
                best[name] = max(best.get(name, 0), walkers * rows / elapsed)
            served[name] = rows_by_database(port)
    print(f"\n{walkers} clients walking at once, {walkers} workers; best of {repeat} ({load()}):")
    print("| configuration | rows/s, all walkers | rows served by |")
    print("| --- | ---: | --- |")
    for name in CONFIGURATIONS:
        print(f"| {name} | {best[name]:,.0f} | {shares(served[name])} |")


def check_cost(token, samples=2000):
    """The position check's round trips per page and its time, in this process."""
    from django.db import connections
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    from api.ops.replica import REPLAYED_POSITION_SQL, database_at, primary_position, replicas

    client = Client(HTTP_AUTHORIZATION=f"Token {token}")
    aliases = ("default", "replica", "replica2")

    def second_page_queries():
        first = client.get(PATH, {"page_size": 1000, "cursor": ""}).json()
        with contextlib.ExitStack() as stack:
            captured = {
                alias: stack.enter_context(CaptureQueriesContext(connections[alias])) for alias in aliases
            }
            assert client.get(first["next"]).status_code == 200
        return {
            alias: [query["sql"] for query in queries.captured_queries] for alias, queries in captured.items()
        }

    with override_settings(API_READ_DATABASES=[]):
        alone = second_page_queries()
    second_page_queries()  # each replica's identity is checked once, at its first read: not counted
    second_page_queries()
    fleet = second_page_queries()
    checks = sum(sql == REPLAYED_POSITION_SQL for alias in aliases[1:] for sql in fleet[alias])
    print("\nA cursor page (page_size 1000, the walk's second) sends, by database:")
    print(f"  no replica:   primary {len(alone['default'])}")
    print(
        f"  two replicas: primary {len(fleet['default'])}, replicas "
        f"{sum(len(fleet[alias]) for alias in aliases[1:])}, of which {checks} position check(s)"
    )

    replica = next(replica for replica in replicas() if replica.alias == "replica")
    position = primary_position()

    def median_microseconds(work):
        times = []
        for _ in range(samples):
            started = time.perf_counter()
            work()
            times.append(time.perf_counter() - started)
        return statistics.median(times) * 1e6

    def select_one():
        with connections["replica"].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()

    baseline = median_microseconds(select_one)
    checked = median_microseconds(replica.replayed)
    chosen = median_microseconds(lambda: database_at(position))
    print(
        f"Median over {samples} ({load()}): SELECT 1 on a replica {baseline:.0f} µs; the position "
        f"check (Replica.replayed) {checked:.0f} µs; the whole choice (database_at, a caught-up "
        f"replica) {chosen:.0f} µs"
    )


def prepare(primary, standbys, rows):
    """Django in this process on the primary (as its superuser) and both standbys; the rows; a token."""
    os.environ["DATABASE_URL"] = primary.url
    os.environ["DATABASE_REPLICA_URLS"] = ",".join(standby.url for standby in standbys)
    os.environ.pop("DATABASE_REPLICA_URL", None)
    setup(unthrottled=True)
    from django.contrib.auth import get_user_model
    from django.db import connections

    from authentication.models import APIToken

    with open(os.devnull, "w") as quiet, contextlib.redirect_stdout(quiet), contextlib.redirect_stderr(quiet):
        total = stream.ensure_rows(rows)
    assert total == rows, f"the primary holds {total} districts, not {rows}"
    user, _ = get_user_model().objects.get_or_create(username="fleet-benchmark", defaults={"is_staff": True})
    token = APIToken.objects.mint(user, "fleet benchmark")[1]
    for standby in standbys:
        standby.catch_up(primary)
    connections.close_all()
    return token


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=2, help="runs of each measurement; the best counts")
    parser.add_argument("--walkers", type=int, default=3, help="clients walking at once (concurrent)")
    parser.add_argument("--parts", default=",".join(PARTS), help=f"comma-separated, of {', '.join(PARTS)}")
    args = parser.parse_args()
    parts = args.parts.split(",")
    if unknown := set(parts) - set(PARTS):
        parser.error(f"unknown parts: {', '.join(sorted(unknown))}")
    os.environ.setdefault("SECRET_KEY", "fleet-benchmark-" + os.urandom(24).hex())  # its servers' too
    started = datetime.now(UTC)
    with primary_and_standbys(2) as (primary, standbys):
        print(f"Filling the primary with {args.rows:,} districts ...", flush=True)
        token = prepare(primary, standbys, args.rows)
        print(
            f"{started:%Y-%m-%d %H:%M} UTC, {platform.node()}, {os.cpu_count()} cores, Python "
            f"{platform.python_version()}; a primary and two streaming standbys of PostgreSQL 15 on "
            f"loopback; {args.rows:,} districts; {load()}"
        )
        if "single" in parts:
            single(primary, standbys, token, args.rows, args.repeat)
        if "concurrent" in parts:
            concurrent(primary, standbys, token, args.rows, args.walkers, args.repeat)
        if "check" in parts:
            check_cost(token)
    print(f"\nEnded {datetime.now(UTC):%H:%M} UTC; {load()}")


if __name__ == "__main__":
    main()
