"""What a worker kind does to other clients while one client is idle, slow or stalled (issue 30).

Run by hand on PostgreSQL with Redis (never part of the test suite):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/akinon_pages_bench CACHE_URL=redis://127.0.0.1:6379/12 \\
        .venv/bin/python -m tests.benchmarks.keepalive [--workers sync,gthread:1] [--timeout 10]

For each worker kind it serves from a fresh gunicorn of two workers under
``config/gunicorn.conf.py`` (``--timeout`` lowered, so that a stuck worker is seen killed in the
run) and, with each of these in place, sends ``--requests`` GETs of ``/healthz`` from new clients,
one at a time, a tenth of a second apart, each given 3 seconds, and prints how many were answered
in time, their median and their slowest time:

- nothing else (the baseline);
- ``idle``: four clients that connect and send nothing (a proxy's or a load balancer's opened
  connections, a client that connects early);
- ``kept alive``: four clients that make one request each and then keep their connection open
  without a second one;
- ``long export``: one client reading the NDJSON export of OMS districts slowly (64 KiB every
  50 ms), so that the export holds its worker the whole time;
- ``stalled export``: one client that starts the export and stops reading, as a hung client
  does; a worker that streams to it can only be freed by gunicorn's timeout, so the same GETs are
  sent again once the timeout has passed (``stalled, later``).

A worker that takes new connections while its only thread is held (by a stream, or by a
connection that has sent nothing) makes the requests it took wait: the slowest time shows it.
"""

import argparse
import contextlib
import http.client
import os
import platform
import socket
import statistics
import threading
import time

from tests.benchmarks.export import server, setup
from tests.benchmarks.pages import DISTRICTS, ensure_data, granted_token

IDLE_CLIENTS = 4
# How long a GET of /healthz may take before it counts as not answered.
PATIENCE = 3


def healthz(port, count):
    """(answered, median seconds, slowest seconds) of ``count`` GETs of /healthz on new connections."""
    times, answered = [], 0
    for _ in range(count):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=PATIENCE)
        start = time.perf_counter()
        try:
            connection.request("GET", "/healthz")
            answered += connection.getresponse().status == 200
        except OSError:  # not answered in time
            pass
        times.append(time.perf_counter() - start)
        connection.close()
        time.sleep(0.1)
    return answered, statistics.median(times), max(times)


@contextlib.contextmanager
def idle(port, token):
    """Connections that send nothing."""
    sockets = [socket.create_connection(("127.0.0.1", port)) for _ in range(IDLE_CLIENTS)]
    try:
        yield
    finally:
        for sock in sockets:
            sock.close()


@contextlib.contextmanager
def kept_alive(port, token):
    """Connections that made one request and stay open without another."""
    connections = []
    for _ in range(IDLE_CLIENTS):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        connection.request("GET", "/healthz")
        connection.getresponse().read()
        connections.append(connection)
    try:
        yield
    finally:
        for connection in connections:
            connection.close()


@contextlib.contextmanager
def exporting(port, token, pause):
    """One client reading the NDJSON export of districts, ``pause`` seconds between 64 KiB reads."""
    sock = socket.create_connection(("127.0.0.1", port))
    sock.sendall(
        f"GET {DISTRICTS}?format=ndjson HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Token {token}\r\n"
        "Accept-Encoding: identity\r\n\r\n".encode()
    )
    stop = threading.Event()

    def read():
        with contextlib.suppress(OSError):
            while sock.recv(1 << 16) and not stop.wait(pause):
                pass

    reader = threading.Thread(target=read)
    reader.start()
    time.sleep(1)  # the export under way
    try:
        yield
    finally:
        stop.set()
        sock.close()
        reader.join()


@contextlib.contextmanager
def long_export(port, token):
    with exporting(port, token, 0.05):
        yield


@contextlib.contextmanager
def stalled_export(port, token):
    """A client that stops reading: ``recv`` waits far longer than the run."""
    with exporting(port, token, 3600):
        yield


def nothing_else(port, token):
    return contextlib.nullcontext()


HAZARDS = {
    "nothing else": nothing_else,
    "idle": idle,
    "kept alive": kept_alive,
    "long export": long_export,
    "stalled export": stalled_export,
}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", default="sync,gthread:1", help="worker kinds: sync, gthread:THREADS")
    parser.add_argument("--requests", type=int, default=20, help="GETs of /healthz under each hazard")
    parser.add_argument("--timeout", type=int, default=10, help="gunicorn's timeout, in seconds")
    args = parser.parse_args()
    os.environ.setdefault("SECRET_KEY", "keepalive-benchmark-" + os.urandom(24).hex())  # its server's too
    setup()
    ensure_data()
    _, token = granted_token()
    print(
        f"machine: {platform.node()} {os.cpu_count()} cores, Python {platform.python_version()}; "
        f"2 workers, timeout {args.timeout} s; load average {os.getloadavg()[0]:.2f}"
    )

    def report(kind, name, answered, median, slowest):
        print(
            f"{kind:<10} {name:<15}: {answered}/{args.requests} answered, median {median * 1000:7.1f} ms, "
            f"slowest {slowest * 1000:7.1f} ms",
            flush=True,
        )

    for kind in args.workers.split(","):
        for name, hazard in HAZARDS.items():
            # A fresh server for each: a stalled stream may leave a worker stuck for good.
            with server(True, workers=2, worker=kind, timeout=args.timeout) as (port, _):
                healthz(port, 5)  # both workers started
                with hazard(port, token):
                    report(kind, name, *healthz(port, args.requests))
                    if hazard is stalled_export:
                        time.sleep(args.timeout + 2)
                        report(kind, "stalled, later", *healthz(port, args.requests))
    print(f"load average at the end: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
