"""The fixed cost of a page: 1-row pages against ``/healthz``, with every limit in force (issue 30).

Run by hand on PostgreSQL with Redis (never part of the test suite):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/akinon_pages_bench CACHE_URL=redis://127.0.0.1:6379/12 \\
        .venv/bin/python -m tests.benchmarks.pages [--requests 300] [--compare DIR]
        [--workers sync,gthread:1]

It serves from a fresh one-worker gunicorn under ``config/gunicorn.conf.py`` (``export.py``'s
``server``; one per work tree and per ``--workers`` kind, so that worker kinds compare in one run)
to a client that keeps its connection open wherever the server allows, as ``requests.Session``
(and so dlt and Airbyte) does: a sync worker closes it after each response, so each request pays
a new connection there. It requests as a user who is not staff and is granted one channel, so
that authentication, the channel grants, the rate limit (lifted to a million a second, as every
benchmark does: it still counts each request), the concurrency limit and the horizon all run.
For ``/healthz`` and for the first and a later 1-row cursor page of OMS districts (fast path)
and data-warehouse orders it prints the median end-to-end time, the ratio to the same server's
``/healthz``, and per request: database queries and their time (the service's own metrics),
cache round trips before the response and commands sent after it, whose answers nothing awaits
(counted in this process through Django's WSGI handler, the server's settings and the same
token) and the time left outside the database and the cache (the request's duration as the
service measures it, less its query time, less one idle Redis round trip per cache round trip
before the response: on a loaded machine a round trip costs more, so this is the most the code
itself can be taking).
"""

import argparse
import contextlib
import http.client
import os
import platform
import select
import statistics
import time
from pathlib import Path
from urllib.parse import urlsplit

import orjson
import redis

from tests.benchmarks.export import ROOT, add_worker_kinds, server, setup

DISTRICTS = "/api/v1/oms/districts/list-simple/"


def ensure_data():
    from django.core.management import call_command

    from datawarehouse.orders.models import Order

    if not Order.objects.exists():
        call_command("generate_data", scale=100, seed=1)


def granted_token():
    """A token of a user who is not staff, granted the channel with the most orders."""
    from django.contrib.auth import get_user_model
    from django.db.models import Count

    from authentication.models import APIToken
    from datawarehouse.orders.models import Order
    from sales_channels.models import Channel

    busiest = Order.objects.values("channel").annotate(orders=Count("id")).order_by("-orders")[0]
    channel = Channel.objects.get(pk=busiest["channel"])
    user, _ = get_user_model().objects.get_or_create(username="pages-benchmark")
    channel.users.add(user)
    return channel.pk, APIToken.objects.mint(user, f"pages benchmark {time.time()}")[1]


# The client's one connection to each server, as a session keeps it: http.client opens a new one
# for the next request when the server closed the last (a sync worker closes each).
CONNECTIONS = {}


def get(port, path, token=None):
    """(seconds, body) of one GET on the client's connection to ``port``."""
    connection = CONNECTIONS.setdefault(port, http.client.HTTPConnection("127.0.0.1", port, timeout=30))
    headers = {"Accept-Encoding": "identity", **({"Authorization": f"Token {token}"} if token else {})}
    start = time.perf_counter()
    if connection.sock and select.select([connection.sock], [], [], 0)[0]:
        # Readable while idle: the server closed it (its keep-alive expired). urllib3, under
        # requests, makes the same check before it reuses a pooled connection.
        connection.close()
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    body = response.read()
    seconds = time.perf_counter() - start
    assert response.status == 200, (path, response.status, body[:300])
    return seconds, body


def metrics(port, route_part):
    """(requests, seconds, queries, query seconds) the service counted on routes containing ``route_part``."""
    from prometheus_client.parser import text_string_to_metric_families

    totals = {}
    for family in text_string_to_metric_families(get(port, "/metrics")[1].decode()):
        for sample in family.samples:
            if route_part in sample.labels.get("route", ""):
                totals[sample.name] = totals.get(sample.name, 0) + sample.value
    return tuple(
        totals.get(name, 0)
        for name in (
            "reporting_http_request_duration_seconds_count",
            "reporting_http_request_duration_seconds_sum",
            "reporting_db_queries_total",
            "reporting_db_query_seconds_total",
        )
    )


def round_trips(path, token):
    """(database queries, cache round trips before the response, cache commands sent after it) of a GET
    of ``path``, served in this process as the server serves it (the response closed once sent)."""
    from unittest import mock

    from django.core.handlers.wsgi import WSGIHandler
    from django.db import connection
    from django.test import Client, RequestFactory
    from django.test.utils import CaptureQueriesContext
    from redis.connection import AbstractConnection

    client, sent = Client(HTTP_AUTHORIZATION=f"Token {token}"), []
    send = AbstractConnection.send_packed_command

    def counted(redis_connection, *args, **kwargs):
        sent.append(args)
        return send(redis_connection, *args, **kwargs)

    client.get(path)  # the token remembered, as a walk's pages find it
    environ = RequestFactory().get(path, HTTP_AUTHORIZATION=f"Token {token}").environ
    with (
        CaptureQueriesContext(connection) as queries,
        mock.patch.object(AbstractConnection, "send_packed_command", counted),
    ):
        response = WSGIHandler()(environ, lambda status, headers: None)
        before = len(sent)
        b"".join(response)
        response.close()  # as the server does once the body is sent: the slots' release
    return len(queries), before, len(sent) - before


def round_trip(client, times=200):
    """The median time of one Redis command from this machine (what each cache command costs)."""
    samples = []
    for _ in range(times):
        start = time.perf_counter()
        client.ping()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def measure(port, path, token, count, rtt, route_part, label, healthz=None, counted_here=True):
    """Print one line of figures for ``count`` GETs of ``path``; round trips are counted with this
    tree's code (``counted_here``), or taken to be the service's queries and none for the cache."""
    before = metrics(port, route_part)
    times = [get(port, path, token)[0] for _ in range(count)]
    after = metrics(port, route_part)
    requests, seconds, queries, query_seconds = (b - a for a, b in zip(before, after, strict=True))
    median = statistics.median(times)
    line = f"{label:<34}: {median * 1000:6.2f} ms end to end"
    if healthz:
        counted, per, after = round_trips(path, token) if counted_here else (round(queries / requests), 0, 0)
        assert counted == round(queries / requests), (counted, queries / requests)
        outside = (seconds - query_seconds) / requests - per * rtt
        line += (
            f" ({median / healthz:.1f}x /healthz); {counted} queries "
            f"{query_seconds / requests * 1000:.2f} ms, {per if counted_here else '?'} cache round trips "
            f"(+{after if counted_here else '?'} sent after the response, not awaited), in the service "
            f"{seconds / requests * 1000:.2f} ms of which outside database and cache {outside * 1000:.2f} ms "
            f"({outside / healthz:.2f}x /healthz)"
        )
    print(line)
    return median


def later_page(port, path, token):
    """The path of the page after ``path``'s first one (a walk's later page)."""
    _, body = get(port, path, token)
    link = orjson.loads(body)["next"]
    parts = urlsplit(link)
    return f"{parts.path}?{parts.query}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--compare", help="another work tree to serve the same pages from, in the same run")
    add_worker_kinds(parser)
    args = parser.parse_args()
    os.environ.setdefault("SECRET_KEY", "pages-benchmark-" + os.urandom(24).hex())  # its server's too
    setup(unthrottled=True)  # its in-process requests too: they count in the server's window
    from django.db import connection

    ensure_data()
    channel, token = granted_token()
    cache = redis.Redis.from_url(os.environ["CACHE_URL"])
    rtt = round_trip(cache)
    print(
        f"machine: {platform.node()} {os.cpu_count()} cores (shared, loaded), Python "
        f"{platform.python_version()}, {connection.vendor}; load average {os.getloadavg()[0]:.2f}; "
        f"Redis round trip {rtt * 1e6:.0f} us"
    )
    orders = f"/api/v1/remote/{channel}/data-warehouse/orders/orders/"
    trees = [("this tree", ROOT)] + ([("--compare", Path(args.compare))] if args.compare else [])
    kinds = args.workers.split(",")
    with contextlib.ExitStack() as stack:
        ports = [
            (
                tree,
                f"{tree}, {kind}" if len(kinds) > 1 else tree,
                stack.enter_context(server(True, root=root, worker=kind))[0],
            )
            for tree, root in trees
            for kind in kinds
        ]
        for *_, port in ports:
            for _ in range(20):  # start-up and first connections are not a page's time
                get(port, "/healthz")
                get(port, f"{DISTRICTS}?cursor=&page_size=1", token)
                get(port, f"{orders}?cursor=&page_size=1", token)
        # Server after server, figure by figure: the machine's drift hits each alike.
        healthz = {
            port: measure(port, "/healthz", None, args.requests, rtt, "healthz", f"/healthz, {label}")
            for _, label, port in ports
        }
        for name, path, route in (("OMS districts", DISTRICTS, "districts"), ("DW orders", orders, "orders")):
            first = f"{path}?cursor=&page_size=1"
            for tree, label, port in ports:
                later = later_page(port, first, token)
                for page, url in (("first", first), ("later", later)):
                    here = tree == "this tree"
                    measure(
                        port,
                        url,
                        token,
                        args.requests,
                        rtt,
                        route,
                        f"{name}, {page} page, {label}",
                        healthz[port],
                        here,
                    )
    print(f"load average at the end: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
