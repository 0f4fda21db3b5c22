"""Prometheus metrics: what every request costs, and whether the service's dependencies answer.

Requests are counted by route (the URL pattern that matched, never the raw
path, so that ids and channel numbers cannot multiply the series), method and
status. ``record_dependency`` is the one place that sets a dependency's health
gauge; anything that checks a dependency may call it, and a scrape checks the
databases and the cache itself.

Under gunicorn's pre-forked workers every process keeps its own counters; with
``PROMETHEUS_MULTIPROC_DIR`` set (before the process starts) they are written
to memory-mapped files there and a scrape, whichever worker answers it, adds
up all of them (``config/gunicorn.conf.py`` empties the directory at start and
marks exited workers dead).
"""

import hmac
import ipaddress
import os
from functools import lru_cache

from django.conf import settings
from django.core.cache import caches
from django.db import DEFAULT_DB_ALIAS, connections
from django.http import HttpResponse, JsonResponse
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)

# Reporting pages take from a few milliseconds (page 1 of a small table) to seconds
# (a 1000-row export page, a CSV of it); the buckets span both.
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30)
UNMATCHED = "<unmatched>"

REQUESTS = Counter("reporting_http_requests_total", "Requests answered", ["route", "method", "status"])
LATENCY = Histogram(
    "reporting_http_request_duration_seconds",
    "Time from the request's arrival to its response",
    ["route", "method"],
    buckets=LATENCY_BUCKETS,
)
ROWS = Counter("reporting_rows_served_total", "List rows served (JSON, CSV and Excel pages)", ["route"])
QUERIES = Counter("reporting_db_queries_total", "Database queries run by requests", ["route"])
QUERY_SECONDS = Counter(
    "reporting_db_query_seconds_total", "Time requests spent in database queries", ["route"]
)
THROTTLED = Counter(
    "reporting_throttled_requests_total", "Requests refused with 429 (rate limits)", ["route"]
)
READS = Counter(
    "reporting_reads_total",
    "Reporting reads (pages, records, exports) by the database that served them, and why that one",
    ["database", "reason"],
)
ROWS_BY_DATABASE = Counter(
    "reporting_rows_served_by_database_total",
    "List and export rows served, by the database that served them (primary, or a replica's alias)",
    ["database"],
)
# "mostrecent": whichever process checked a replica last says how it is.
REPLICA_USED = Gauge(
    "reporting_replica_used", "1 when the replica serves reads, 0 when it is refused, gone or behind",
    ["replica"], multiprocess_mode="mostrecent",
)  # fmt: skip
REPLICA_SECONDS = Gauge(
    "reporting_replica_seconds_behind",
    "Seconds since the replica last replayed a position the primary had (-1: never seen to)",
    ["replica"], multiprocess_mode="mostrecent",
)  # fmt: skip
REPLICA_BYTES = Gauge(
    "reporting_replica_bytes_behind", "Bytes of the primary's WAL the replica had not replayed when checked",
    ["replica"], multiprocess_mode="mostrecent",
)  # fmt: skip
# "mostrecent": whichever process checked last says what the dependency's state is.
DEPENDENCY_UP = Gauge(
    "reporting_dependency_up",
    "1 when the dependency answered its last check, 0 when it did not",
    ["dependency"],
    multiprocess_mode="mostrecent",
)


@lru_cache(maxsize=1024)
def route_label(route: str | None) -> str:
    """``api/v1/oms/cities/?`` from the resolver's ``^api/v1/oms/cities/?$``."""
    if not route:
        return UNMATCHED
    return route.removeprefix("^").removesuffix("$")


@lru_cache(maxsize=4096)
def request_series(route, method, status):
    """The labelled series one kind of request adds to: looked up once, not on every request."""
    return (
        REQUESTS.labels(route, method, status),
        LATENCY.labels(route, method),
        ROWS.labels(route),
        QUERIES.labels(route),
        QUERY_SECONDS.labels(route),
        THROTTLED.labels(route) if status == 429 else None,
    )


def record_request(route, method, status, seconds, rows, queries, query_seconds, database=None):
    """Count one answered request; ``route`` is a ``route_label``, ``method`` one of a bounded set."""
    requests, latency, rows_served, db_queries, db_seconds, throttled = request_series(route, method, status)
    requests.inc()
    latency.observe(seconds)
    if rows:
        rows_served.inc(rows)
        if database:
            ROWS_BY_DATABASE.labels(database).inc(rows)
    if queries:
        db_queries.inc(queries)
        db_seconds.inc(query_seconds)
    if throttled is not None:
        throttled.inc()


def record_read(database: str, reason: str):
    """Count one reporting read served by ``database`` (primary, replica) for ``reason`` (a fixed set)."""
    READS.labels(database, reason).inc()


def record_rows(database: str, rows: int):
    """Count ``rows`` served by ``database`` outside a measured page: an export's chunk, which
    streams after its request was measured (and may come from another database than the first)."""
    ROWS_BY_DATABASE.labels(database).inc(rows)


def record_replica(alias: str, used: bool, seconds_behind: float | None, bytes_behind: int | None):
    """Set the replica's gauges from its last check."""
    REPLICA_USED.labels(alias).set(1 if used else 0)
    REPLICA_SECONDS.labels(alias).set(-1 if seconds_behind is None else seconds_behind)
    REPLICA_BYTES.labels(alias).set(-1 if bytes_behind is None else bytes_behind)


def record_dependency(name: str, healthy: bool):
    """Set ``reporting_dependency_up{dependency=name}``; call it wherever a dependency is checked."""
    DEPENDENCY_UP.labels(name).set(1 if healthy else 0)


def check_dependencies():
    """The primary, the read database and the shared cache, checked as a scrape begins."""
    for alias in sorted({DEFAULT_DB_ALIAS, *settings.API_READ_DATABASES}):
        try:
            with connections[alias].cursor() as cursor:
                cursor.execute("SELECT 1")
            record_dependency(f"database:{alias}", True)
        except Exception:  # whatever the driver raises, the dependency did not answer
            record_dependency(f"database:{alias}", False)
    try:
        caches["default"].get("metrics:ping")
        record_dependency("cache", True)
    except Exception:
        record_dependency("cache", False)


def scrape_allowed(request) -> bool:
    """The socket peer is in an allowed network, or the request carries the metrics bearer token.

    The peer, never ``X-Forwarded-For``: behind a proxy every caller would share the
    proxy's address, so scrape the instances directly or use the token.
    """
    try:
        peer = ipaddress.ip_address(request.META.get("REMOTE_ADDR", ""))
    except ValueError:
        peer = None
    if peer is not None and any(peer in network for network in settings.METRICS_ALLOWED_NETWORKS):
        return True
    token = settings.METRICS_TOKEN
    given = request.headers.get("Authorization", "")
    return bool(token) and hmac.compare_digest(given.encode(), f"Bearer {token}".encode())


def metrics_view(request):
    """``GET /metrics``: 404 unless configured; 403 to a caller neither allowed nor bearing the token."""
    if not (settings.METRICS_ALLOWED_NETWORKS or settings.METRICS_TOKEN):
        return JsonResponse({"detail": "Not found."}, status=404)
    if not scrape_allowed(request):
        return JsonResponse({"detail": "Metrics need an allowed address or the metrics token."}, status=403)
    check_dependencies()
    # Imported here: api.ops.replica records its reads through this module.
    from api.ops.health import replica_states

    replica_states()  # sets each replica's gauges
    registry = REGISTRY
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
    return HttpResponse(generate_latest(registry), content_type=CONTENT_TYPE_LATEST)
