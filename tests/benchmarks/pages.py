"""The fixed cost of a page: 1-row pages against ``/healthz``, with every limit in force (issue 30).

Run by hand on PostgreSQL with Redis (never part of the test suite):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/akinon_pages_bench CACHE_URL=redis://127.0.0.1:6379/12 \\
        .venv/bin/python -m tests.benchmarks.pages [--requests 300] [--rounds 5] [--compare DIR]
        [--workers sync,gthread:1]

It serves from a fresh one-worker gunicorn under ``config/gunicorn.conf.py`` (``export.py``'s
``server``; one per work tree and per ``--workers`` kind, so that worker kinds compare in one run)
to a client that keeps its connection open wherever the server allows, as ``requests.Session``
(and so dlt and Airbyte) does: a sync worker closes it after each response, so each request pays
a new connection there. It requests as a user who is not staff and is granted one channel, so
that authentication, the channel grants, the rate limit (lifted to a million a second, as every
benchmark does: it still counts each request), the concurrency limit and the horizon all run.
For ``/healthz`` and for the first and a later 1-row cursor page of OMS districts (fast path) and
data-warehouse orders it prints the median end-to-end time (the median of each round's median: the
servers take turns, ``--rounds`` blocks of the requests each, one order and then the other), the
ratio to the same server's ``/healthz``, and per request: the CPU time its workers used (Linux's
``/proc``: the figure the machine's scheduling disturbs least), database queries and their time (the
service's own metrics), cache round trips before the response and commands sent after it, whose
answers nothing awaits (counted in this process through Django's WSGI handler, the server's settings
and the same token) and the time left outside the database and the cache (the request's duration as
the service measures it, less its query time, less one idle Redis round trip per cache round trip
before the response: on a loaded machine a round trip costs more, so this is the most the code
itself can be taking). Last, the floors of that code: the median time of ``/healthz``, of a Django
view that does nothing, of a bare DRF view (``floor_urls.py``) and of the later pages, each served in
this process through Django's WSGI handler, without gunicorn or a client.
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


def worker_cpu(master_pid) -> float:
    """CPU seconds (user and system) that the server's workers have used so far (Linux's /proc)."""
    total = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError):
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[1]) == master_pid:  # the parent's pid: a worker of this server
                total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


class Figures:
    """One page's figures on one server, gathered over the rounds."""

    def __init__(self):
        self.medians, self.totals, self.cpu, self.sent = [], [0, 0.0, 0, 0.0], 0.0, 0

    def measure(self, server, path, token, count, route_part):
        """``count`` GETs of ``path``: their median time, what the service counted, its workers' CPU."""
        _, _, port, pid = server
        before, cpu = metrics(port, route_part), worker_cpu(pid)
        self.medians.append(statistics.median(get(port, path, token)[0] for _ in range(count)))
        self.cpu += worker_cpu(pid) - cpu
        self.sent += count
        after = metrics(port, route_part)
        self.totals = [t + b - a for t, a, b in zip(self.totals, before, after, strict=True)]

    @property
    def median(self):
        return statistics.median(self.medians)

    def line(self, label, rtt, healthz=None, trips=None):
        """Figures for print; against ``healthz``'s with the round trips ``trips`` (counted in this
        process), or without the cache's subtracted (another tree's: taken to be the service's queries)."""
        requests, seconds, queries, query_seconds = self.totals  # as the service counted them
        cpu = self.cpu / self.sent
        line = f"{label:<34}: {self.median * 1000:6.2f} ms end to end"
        if healthz is None:
            return f"{line}, worker CPU {cpu * 1000:.2f} ms"
        counted, per, after = trips or (round(queries / requests), 0, 0)
        assert counted == round(queries / requests), (counted, queries / requests)
        outside = (seconds - query_seconds) / requests - per * rtt
        known = trips is not None
        return (
            f"{line} ({self.median / healthz.median:.1f}x /healthz); worker CPU {cpu * 1000:.2f} ms "
            f"({cpu / (healthz.cpu / healthz.sent):.1f}x /healthz's); {counted} queries "
            f"{query_seconds / requests * 1000:.2f} ms, {per if known else '?'} cache round trips "
            f"(+{after if known else '?'} sent after the response, not awaited), in the service "
            f"{seconds / requests * 1000:.2f} ms of which outside database and cache {outside * 1000:.2f} ms "
            f"({outside / healthz.median:.2f}x /healthz)"
        )


def measure_all(servers, urls, args):
    """Each page's :class:`Figures` per server, the servers taking turns a block of requests at a time
    (in one order, then the other), so that the machine's drift hits each alike."""
    figures = {}
    block = max(1, args.requests // args.rounds)
    for name, route in urls:
        for turn in range(args.rounds):
            for served in servers if turn % 2 == 0 else servers[::-1]:
                path, page_token = urls[name, route][served[1]]
                figures.setdefault((name, served[1]), Figures()).measure(
                    served, path, page_token, block, route
                )
    return figures


def in_process(token):
    """A GET served in this process through Django's WSGI handler, with no gunicorn and no client
    socket (only the database's and Redis's): a function of a path (and whether to send the token)
    returning the response's status and body."""
    from django.core.handlers.wsgi import WSGIHandler
    from django.test import RequestFactory

    handler, factory = WSGIHandler(), RequestFactory()

    def get(path, auth=True):
        headers = {"HTTP_AUTHORIZATION": f"Token {token}"} if auth else {}
        environ = factory.get("/", HTTP_ACCEPT_ENCODING="identity", **headers).environ
        environ["PATH_INFO"], _, environ["QUERY_STRING"] = path.partition("?")
        response = handler(environ, lambda status, headers: None)
        try:
            return response.status_code, b"".join(response)
        finally:
            response.close()

    return get


def floors(pages, token, count):
    """Median microseconds of GETs served in this process (``in_process``): ``/healthz``, a Django view
    doing nothing through the whole middleware chain, a bare DRF view (``floor_urls.py``), then
    ``pages``."""
    from django.test import override_settings

    get = in_process(token)

    def served(path, auth):
        start = time.perf_counter()
        status, _ = get(path, auth)
        seconds = time.perf_counter() - start
        assert status == 200, (path, status)
        return seconds

    paths = [("/healthz", "/healthz", False), ("a Django view", "/floor/plain/", False)]
    paths += [("a bare DRF view", "/floor/drf/", False), *((name, path, True) for name, path in pages)]
    with override_settings(ROOT_URLCONF="tests.benchmarks.floor_urls"):
        for _, path, auth in paths:
            for _ in range(count // 10):
                served(path, auth)  # warm: the worker's first requests are not a page's time
        medians = {}
        for name, path, auth in paths:
            medians[name] = statistics.median(served(path, auth) for _ in range(count))
        return medians


def later_page(port, path, token):
    """The path of the page after ``path``'s first one (a walk's later page)."""
    _, body = get(port, path, token)
    link = orjson.loads(body)["next"]
    parts = urlsplit(link)
    return f"{parts.path}?{parts.query}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=300, help="requests per page and server")
    parser.add_argument(
        "--rounds", type=int, default=5, help="turns the servers take, each a block of the requests"
    )
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
        servers = [
            (
                tree,
                f"{tree}, {kind}" if len(kinds) > 1 else tree,
                *stack.enter_context(server(True, root=root, worker=kind)),
            )
            for tree, root in trees
            for kind in kinds
        ]
        for _, _, port, _ in servers:
            for _ in range(20):  # start-up and first connections are not a page's time
                get(port, "/healthz")
                get(port, f"{DISTRICTS}?cursor=&page_size=1", token)
                get(port, f"{orders}?cursor=&page_size=1", token)
        pages = [("OMS districts", DISTRICTS, "districts"), ("DW orders", orders, "orders")]
        urls = {("/healthz", "healthz"): {label: ("/healthz", None) for _, label, _, _ in servers}}
        for name, path, route in pages:
            first = f"{path}?cursor=&page_size=1"
            urls[f"{name}, first page", route] = {label: (first, token) for _, label, _, _ in servers}
            urls[f"{name}, later page", route] = {
                label: (later_page(port, first, token), token) for _, label, port, _ in servers
            }
        figures = measure_all(servers, urls, args)
        for _, label, _, _ in servers:
            print(figures["/healthz", label].line(f"/healthz, {label}", rtt))
        for name, route in list(urls)[1:]:
            for tree, label, _, _ in servers:
                path = urls[name, route][label][0]
                trips = round_trips(path, token) if tree == "this tree" else None
                healthz = figures["/healthz", label]
                print(figures[name, label].line(f"{name}, {label}", rtt, healthz, trips))
        own = next(label for tree, label, _, _ in servers if tree == "this tree")
        later = [(name, urls[name, route][own][0]) for name, route in urls if "later" in name]
    served = floors(later, token, args.requests)
    print(
        "in this process, through Django's WSGI handler (no gunicorn, no client): "
        + ", ".join(f"{name} {seconds * 1e6:.0f} us" for name, seconds in served.items())
    )
    print(f"load average at the end: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
