"""Fault benchmark: the load mix against gunicorn while Redis, the replica and the primary stop and return.

Run by hand (never part of the test suite), as root or as a user who may run PostgreSQL:

    .venv/bin/python -m tests.benchmarks.faults [--clients 8] [--seconds 6] [--scale 1000]

Everything it uses is its own, on loopback, in a temporary directory removed at
the end: a PostgreSQL 15 primary (initdb; migrated and filled with
``generate_data --scale``), a streaming replica of it (``pg_basebackup -R``, so
it serves the same rows and follows the primary), a redis-server, and gunicorn
(config/gunicorn.conf.py) on all three. The machine's shared PostgreSQL and
Redis are never touched. As root, PostgreSQL runs as the ``postgres`` OS user.

Clients run the load mix of tests/benchmarks/load.py throughout, and /readyz is
polled ten times a second, while the script goes through phases: steady; Redis
stopped, then started; the replica stopped, then started; the primary stopped,
then started; a worker killed (SIGKILL). Each fault lasts ``--seconds`` and is
followed by ``--seconds`` of observation. Per phase it prints requests, answers
by status, p50/p99 latency, and seconds to recover: from the dependency being
back (or the killed worker replaced) until the last failed request and until
/readyz reports the dependency "ok". Goals: no 500 in any phase; nothing but 200
outside the primary's outage and nothing but 200 or 503 within it; recovery
under 2 s. It exits non-zero when a goal is missed.
"""

import argparse
import http.client
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from contextlib import contextmanager
from pathlib import Path

from tests.benchmarks.export import ROOT, UNLIMITED_CONCURRENCY, UNTHROTTLED, setup
from tests.benchmarks.load import data_pages, request_mix
from tests.standby import AS_POSTGRES, PG_BIN, Postgres

RECOVERY_GOAL_SECONDS = 2.0


class Redis:
    """A redis-server of the benchmark's own, without persistence."""

    def __init__(self, root: Path, port: int):
        self.root, self.port, self.process = root, port, None

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--dir",
                str(self.root),
            ],
            stdout=subprocess.DEVNULL,
        )
        wait_for(lambda: self.answers())

    def answers(self):
        import redis

        try:
            return redis.Redis.from_url(self.url, socket_connect_timeout=0.2).ping()
        except redis.exceptions.ConnectionError:
            return False

    def stop(self):
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=30)
            self.process = None


def wait_for(condition, seconds=60):
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("gave up waiting")
        time.sleep(0.05)


def workers_of(master_pid):
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()
    return [int(pid) for pid in children]


def get(port, path, headers=None, timeout=10):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def client(port, token, mix, stop, results, seed):
    import random

    rng = random.Random(seed)
    headers = {"Authorization": f"Token {token}"}
    while not stop.is_set():
        label, make_path = rng.choice(mix)
        started = time.monotonic()
        try:
            status, _ = get(port, make_path(rng), headers)
        except (OSError, http.client.HTTPException) as error:
            status = type(error).__name__
        results.append((started, time.monotonic(), status, label))


def poll_readiness(port, stop, readings):
    while not stop.is_set():
        try:
            status, body = get(port, "/readyz", timeout=5)
            readings.append((time.monotonic(), status, json.loads(body)))
        except (OSError, http.client.HTTPException, ValueError) as error:
            readings.append((time.monotonic(), type(error).__name__, {}))
        time.sleep(0.1)


def prepare(primary, scale):
    """Migrates the primary and fills it; a staff token, a channel and the mix's page counts."""
    os.environ["DATABASE_URL"] = primary.url
    os.environ.setdefault("SECRET_KEY", "fault-benchmark-" + os.urandom(24).hex())  # its servers' too
    setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection

    from authentication.models import APIToken
    from sales_channels.models import Channel

    call_command("migrate", verbosity=0)
    with open(os.devnull, "w") as quiet:
        call_command("generate_data", scale=scale, seed=1, stdout=quiet, stderr=quiet)
    user, _ = get_user_model().objects.get_or_create(username="faults", defaults={"is_staff": True})
    token = APIToken.objects.mint(user, "benchmark " + str(APIToken.objects.count()))[1]
    channel_id = Channel.objects.order_by("pk").values_list("pk", flat=True).first()
    pages = data_pages(channel_id)
    connection.close()
    return token, channel_id, pages


def counts(statuses):
    return ", ".join(f"{status}: {count}" for status, count in sorted(Counter(statuses).items(), key=str))


def summarize(name, results, readings, begin, end, restored, ready_key, allowed):
    """A phase's figures: requests started in [begin, end), split at the moment the fault ended."""
    mine = [(s, e, status, label) for s, e, status, label in results if begin <= s < end]
    latencies = sorted(e - s for s, e, _, _ in mine)
    failed_after = [e for s, e, status, _ in mine if status != 200 and s >= restored]
    recovered = max(failed_after, default=restored)
    if ready_key is not None:
        ready = [
            t for t, code, body in readings if t >= restored and code == 200 and body.get(ready_key) == "ok"
        ]
        recovered = max(recovered, ready[0] if ready else end)
    unexpected = Counter((label, status) for _, _, status, label in mine if status not in allowed)
    return {
        "phase": name,
        "requests": len(mine),
        "during": counts(status for s, _, status, _ in mine if s < restored) or "-",
        "after": counts(status for s, _, status, _ in mine if s >= restored),
        "p50": statistics.median(latencies) * 1000 if latencies else 0,
        "p99": latencies[int(len(latencies) * 0.99)] * 1000 if latencies else 0,
        "recovery": recovered - restored,
        "ok": not unexpected and recovered - restored < RECOVERY_GOAL_SECONDS,
        "unexpected": dict(unexpected),
    }


@contextmanager
def own_services(ports):
    """Starts the primary, the replica and Redis in a temporary directory; stops and removes them after."""
    root = Path(tempfile.mkdtemp(prefix="akinon-faults-"))
    if AS_POSTGRES:
        shutil.chown(root, "postgres")
    primary, replica = Postgres(root, "primary", ports[0]), Postgres(root, "replica", ports[1])
    redis = Redis(root, ports[2])
    try:
        primary.create()
        primary.start()
        primary.run("createdb", "-h", "127.0.0.1", "-p", str(primary.port), "-U", "postgres", "akinon")
        yield root, primary, replica, redis
    finally:
        redis.stop()
        for database in (replica, primary):
            if (database.data / "postmaster.pid").exists():
                database.stop("immediate")
        shutil.rmtree(root, ignore_errors=True)


@contextmanager
def gunicorn(root, env, workers):
    """The production server on the benchmark's services; its log (warnings only) in ``root``."""
    with open(root / "gunicorn.log", "w") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.conf.py", "config.wsgi"],
            cwd=ROOT,
            env={**os.environ, **env, "DEBUG": "0", "WEB_CONCURRENCY": str(workers), "LOG_LEVEL": "WARNING"},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            yield server
        finally:
            server.terminate()
            server.wait(timeout=30)


def readiness(port):
    try:
        return get(port, "/readyz", timeout=2)[0]
    except (OSError, http.client.HTTPException):
        return None


def run_phases(phases, port, clients, token, mix, seconds):
    """Runs the load and the readiness poller through every phase; one summary per phase."""
    results, readings, stop = [], [], threading.Event()
    threads = [
        threading.Thread(target=client, args=(port, token, mix, stop, results, n)) for n in range(clients)
    ]
    threads.append(threading.Thread(target=poll_readiness, args=(port, stop, readings)))
    for thread in threads:
        thread.start()
    report = []
    try:
        time.sleep(seconds)  # warm-up, not reported: each worker's first requests load the URL map
        for name, fault, restore, ready_key, allowed in phases:
            begin = time.monotonic()
            print(f"{name} ...", flush=True)
            if fault:
                fault()
                time.sleep(seconds)
                restore()
            restored = time.monotonic()
            time.sleep(seconds)
            end = time.monotonic()
            report.append(summarize(name, results, readings, begin, end, restored, ready_key, allowed))
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=30)
    return report


def print_report(report, args):
    print(f"\n{args.clients} clients, {args.workers} gunicorn workers, faults of {args.seconds:g} s:\n")
    print("| phase | requests | answers during the fault | answers after it | p50 ms | p99 ms | recovery s |")
    print("| --- | ---: | --- | --- | ---: | ---: | ---: |")
    for row in report:
        print(
            f"| {row['phase']} | {row['requests']} | {row['during']} | {row['after']} | {row['p50']:.0f} | "
            f"{row['p99']:.0f} | {row['recovery']:.2f} |"
        )
    missed = [row for row in report if not row["ok"]]
    for row in missed:
        print(f"goal missed in {row['phase']!r}: {row['unexpected']}, recovery {row['recovery']:.2f} s")
    print("all goals met" if not missed else "")
    return not missed


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=6, help="length of each fault and of each recovery")
    parser.add_argument("--scale", type=int, default=1000, help="generate_data --scale for the primary")
    parser.add_argument(
        "--ports",
        type=int,
        nargs=4,
        default=[55432, 55433, 56379, 18150],
        metavar="PORT",
        help="primary, replica, Redis, gunicorn",
    )
    args = parser.parse_args()
    if not PG_BIN.is_dir() or not shutil.which("redis-server"):
        sys.exit(f"Needs PostgreSQL 15 in {PG_BIN} and redis-server on the PATH.")
    port = args.ports[3]
    with own_services(args.ports) as (root, primary, replica, redis):
        print(f"Filling the primary (generate_data --scale {args.scale}) ...", flush=True)
        token, channel_id, pages = prepare(primary, args.scale)
        replica.clone(primary)
        replica.start()
        redis.start()
        env = {
            "SECRET_KEY": os.environ["SECRET_KEY"],
            "DATABASE_URL": primary.url,
            "DATABASE_REPLICA_URL": replica.url,
            "CACHE_URL": redis.url,
            "BIND": f"127.0.0.1:{port}",
            **UNTHROTTLED,
            **UNLIMITED_CONCURRENCY,  # the load mix is one token's clients, as in load.py
        }
        with gunicorn(root, env, args.workers) as server:
            wait_for(lambda: len(workers_of(server.pid)) == args.workers and readiness(port) == 200)

            def kill_a_worker():
                os.kill(workers_of(server.pid)[0], signal.SIGKILL)

            def workers_back():
                time.sleep(0.2)  # the master notices the death first
                wait_for(lambda: len(workers_of(server.pid)) == args.workers)

            # (name, fault, restore, what /readyz must call "ok" again, the answers allowed)
            phases = [
                ("steady", None, None, None, {200}),
                ("Redis stopped", redis.stop, redis.start, "cache", {200}),
                ("replica stopped", replica.stop, replica.start, "replica", {200}),
                ("primary stopped", primary.stop, primary.start, "database", {200, 503}),
                # The request a killed worker was serving dies with it: its client sees the connection drop.
                ("worker killed", kill_a_worker, workers_back, None, {200, "RemoteDisconnected"}),
            ]
            mix = request_mix(channel_id, *pages)
            report = run_phases(phases, port, args.clients, token, mix, args.seconds)
        log = (root / "gunicorn.log").read_text().splitlines()
    # The access log and Django's one line per 4xx/5xx answer aside: what the workers had to say.
    print(
        "\nThe workers' warnings:",
        *(line for line in log if "api.breaker" in line or "reachable" in line),
        sep="\n  ",
    )
    sys.exit(0 if print_report(report, args) else 1)


if __name__ == "__main__":
    main()
