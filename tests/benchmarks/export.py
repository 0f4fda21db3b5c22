"""Export benchmark: rows per second of a full incremental export, against the raw database.

Run by hand on PostgreSQL (never part of the test suite):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/akinon_bench \\
        .venv/bin/python -m tests.benchmarks.export [--rows 100000] [--page-size 1000] [--port N]
        [--orders default,id,modified_date,-modified_date] [--accept-encoding identity]
        [--compare /path/to/another/work/tree]

It fills the district table to ``--rows`` with ``generate_data`` if needed, then
prints, in one run: the raw baseline (driver fetch + orjson of the same
columns, keyset pages in the same order), a full export through HTTP from a
real gunicorn process in page mode and in cursor mode in each of ``--orders``
(``default`` is the endpoint's own order, by name), on the fast path, and in
``sort=id`` on the plain serializer path (``API_FAST_PATH=0``) too, first- and
last-page latency of each, queries per page at two page sizes, the EXPLAIN
plans of the extraction queries, and whether each target is met. Its client
sends ``Accept-Encoding: gzip, deflate`` as requests does (so dlt and Airbyte),
unless ``--accept-encoding`` says otherwise (``identity``: no compression).

``--compare DIR`` also serves the same fast-path exports from another work tree
of this project (``git worktree add DIR <commit>``: the code before a change),
on the same database, alternating with this tree's run by run, and prints the
change's cost as the ratio of the two: a before/after measured in one run.

The client shares the machine's cores with the server, and a shared machine's
speed drifts from minute to minute, so every figure is the best of
``--repeat`` runs (as ``timeit`` reports), the raw baseline included.
"""

import argparse
import contextlib
import gzip
import http.client
import os
import platform
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import django
import orjson

ROOT = Path(__file__).resolve().parents[2]
# What requests (and so dlt and Airbyte) send unless told otherwise; --accept-encoding sets it.
ACCEPT_ENCODING = "gzip, deflate"
PATH = "/api/v1/oms/districts/list-simple/"
COLUMNS = (
    "id, created_date, modified_date, omnitron_id, mapping, is_active, name, longitude, latitude, "
    "city_id, township_id"
)


# Benchmarks send hundreds of pages from one token: they measure the service, not its rate limit.
# The throttle still runs and counts every request (one cache round trip, api/ops/throttling.py).
UNTHROTTLED = {"API_RATE_PER_TOKEN": "1000000/s"}
# A load mix of one token's many clients measures the service, not the limit on a token's
# requests in flight (api/ops/concurrency.py), which would answer most of it 429.
UNLIMITED_CONCURRENCY = {
    "API_CONCURRENT_REQUESTS_PER_TOKEN": "1000",
    "API_CONCURRENT_HEAVY_PER_TOKEN": "1000",
}


def setup(unthrottled=False):
    """Django, with this project's settings; ``unthrottled`` for a benchmark that serves in-process."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    for name, value in UNTHROTTLED.items() if unthrottled else ():
        os.environ.setdefault(name, value)
    sys.path.insert(0, str(ROOT))
    django.setup()


def ensure_rows(rows):
    from django.core.management import call_command

    from geography.models import District

    have = District.objects.count()
    if have < rows:
        call_command("generate_data", scale=rows - have, seed=1)
    return District.objects.count()


# Each order's keys as the endpoint sorts (``id`` last, in the last key's direction).
ORDER_KEYS = {
    "default": (("name", ""), ("id", "")),
    "id": (("id", ""),),
    "-id": (("id", "DESC"),),
    "modified_date": (("modified_date", ""), ("id", "")),
    "-modified_date": (("modified_date", "DESC"), ("id", "DESC")),
}


def raw_baseline(page_size, order="id"):
    """Driver fetch of the same columns page by page (keyset in ``order``), each page dumped with orjson."""
    from django.db import connection

    keys = ORDER_KEYS[order]
    names = ", ".join(name for name, _ in keys)
    order_by = ", ".join(f"{name} {direction}" for name, direction in keys)
    past = "<" if keys[-1][1] else ">"
    positions = [COLUMNS.split(", ").index(name) for name, _ in keys]
    start, total, last = time.perf_counter(), 0, None
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {COLUMNS} FROM geography_district ORDER BY {order_by} LIMIT 1")  # warm-up
        while True:
            where = f"WHERE ({names}) {past} ({', '.join(['%s'] * len(keys))})" if last else ""
            cursor.execute(
                f"SELECT {COLUMNS} FROM geography_district {where} ORDER BY {order_by} LIMIT %s",
                [*(last or ()), page_size],
            )
            rows = cursor.fetchall()
            if not rows:
                break
            orjson.dumps([dict(zip(COLUMNS.split(", "), row, strict=True)) for row in rows], default=str)
            total += len(rows)
            last = [rows[-1][position] for position in positions]
    return total, time.perf_counter() - start


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def worker_options(kind):
    """gunicorn's options for a worker ``kind``: ``sync``, or ``gthread:N`` (N threads, keep-alive)."""
    name, _, threads = kind.partition(":")
    return ("--worker-class", name, *(("--threads", threads) if threads else ()))


def add_worker_kinds(parser):
    """``--workers``: the worker kinds a benchmark serves from, one server each, in one run."""
    parser.add_argument(
        "--workers",
        default="sync",
        help="gunicorn worker kinds to serve each tree with: sync, gthread:THREADS",
    )


@contextlib.contextmanager
def server(fast_path, port=0, root=ROOT, workers=1, worker="sync", timeout=120, **environment):
    """gunicorn serving this project (or the one in ``root``) on loopback: (its port, its pid).

    It runs under the production settings (``config/gunicorn.conf.py``) with ``workers`` workers
    of the ``worker`` kind (``worker_options``). ``environment`` adds to or overrides this
    process's (a benchmark's own databases, say).
    """
    port = port or free_port()
    env = {
        **os.environ,
        "API_FAST_PATH": "1" if fast_path else "0",
        "DEBUG": "0",
        "METRICS_ALLOWED_ADDRESSES": "127.0.0.1",
        **UNTHROTTLED,
        **environment,
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi",
            "-c",
            "config/gunicorn.conf.py",
            "-b",
            f"127.0.0.1:{port}",
            "-w",
            str(workers),
            *worker_options(worker),
            "--timeout",
            str(timeout),
        ],
        cwd=root,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        yield port, process.pid
    finally:
        process.terminate()
        process.wait(timeout=10)


def export(port, token, params, encoding=ACCEPT_ENCODING):
    """Follow ``next`` from the first page to the last; (rows, seconds, first latency, last latency,
    seconds of the client's own decoding: gunzip and JSON parsing, which the raw baseline does not do).

    One small request first, so that the server's start-up (imports, URL map,
    row-plan compilation) is not counted as the first page's latency.
    """
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    headers = {
        "Authorization": f"Token {token}",
        "Accept": "application/json",
        "Accept-Encoding": encoding,
    }
    connection.request("GET", PATH + "?page_size=1", headers=headers)
    connection.getresponse().read()
    url = PATH + "?" + "&".join(f"{key}={value}" for key, value in params.items())
    total, latencies, decoding, start = 0, [], 0.0, time.perf_counter()
    while url:
        began = time.perf_counter()
        connection.request("GET", url, headers=headers)
        response = connection.getresponse()
        body = response.read()
        received = time.perf_counter()
        body = orjson.loads(gzip.decompress(body) if response.getheader("Content-Encoding") else body)
        latencies.append(time.perf_counter() - began)
        decoding += latencies[-1] - (received - began)
        assert response.status == 200, body
        total += len(body["results"])
        url = body["next"] and "{0.path}?{0.query}".format(urlsplit(body["next"]))
    return total, time.perf_counter() - start, latencies[0], latencies[-1], decoding


def worker_figures(port, master_pid):
    """The worker's memory (peak and current, from /proc) and its database share of request time.

    The share is the service's own metrics: query time over request time, on the export route.
    """
    from prometheus_client.parser import text_string_to_metric_families

    (worker,) = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()
    status = dict(
        line.split(":", 1) for line in Path(f"/proc/{worker}/status").read_text().splitlines() if ":" in line
    )
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", "/metrics")
    totals = {}
    for family in text_string_to_metric_families(connection.getresponse().read().decode()):
        for sample in family.samples:
            if PATH.strip("/") in sample.labels.get("route", ""):
                totals[sample.name] = totals.get(sample.name, 0) + sample.value
    database = (
        totals["reporting_db_query_seconds_total"] / totals["reporting_http_request_duration_seconds_sum"]
    )
    return status["VmHWM"].strip(), status["VmRSS"].strip(), database


def queries_per_page(token):
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from authentication.tokens import forget_tokens

    client, counts = Client(HTTP_AUTHORIZATION=f"Token {token}"), {}
    for size in (10, 1000):
        for mode, extra in (("page 1", {}), ("page 50", {"page": 50}), ("cursor", {"cursor": ""})):
            forget_tokens()  # each counts its token's lookup, as a walk's first page does
            with CaptureQueriesContext(connection) as queries:
                client.get(PATH, {"page_size": size, "sort": "id", **extra})
            counts[(mode, size)] = len(queries)
    return counts


def explain(sql, params):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + sql, params)
        return "\n".join("    " + row[0] for row in cursor.fetchall())


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--page-size", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3, help="runs of each export; the best one counts")
    parser.add_argument(
        "--port", type=int, default=0, help="the server's loopback port (default: any free one)"
    )
    parser.add_argument(
        "--orders",
        default="default,id,modified_date,-modified_date",
        help=f"comma-separated orders to export in, of {', '.join(ORDER_KEYS)}",
    )
    parser.add_argument("--compare", type=Path, help="another work tree to serve the same exports from")
    parser.add_argument(
        "--accept-encoding",
        default=ACCEPT_ENCODING,
        help=f"the exports' Accept-Encoding header (default {ACCEPT_ENCODING!r}, as requests sends)",
    )
    args = parser.parse_args()
    orders = args.orders.split(",")
    if unknown := set(orders) - set(ORDER_KEYS):
        parser.error(f"unknown orders: {', '.join(sorted(unknown))}")
    if "id" not in orders:
        parser.error("--orders needs id: the serializer path is compared in that order")
    setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db import connection

    from authentication.models import APIToken

    if connection.vendor != "postgresql":
        sys.exit("Run the benchmark on PostgreSQL (set DATABASE_URL).")
    rows = ensure_rows(args.rows)
    user, _ = get_user_model().objects.get_or_create(username="benchmark", defaults={"is_staff": True})
    token = APIToken.objects.mint(user, "benchmark " + str(APIToken.objects.count()))[1]
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE geography_district")
    connection.close()

    print(
        f"machine: {platform.node()} {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{connection.vendor} {settings.DATABASES['default']['NAME']}; "
        f"{rows} districts, page size {args.page_size}"
    )
    raw = {}
    for order in orders:
        raw[order] = max(
            count / seconds
            for count, seconds in (raw_baseline(args.page_size, order) for _ in range(args.repeat))
        )
        print(f"raw (psycopg2 fetch + orjson, keyset pages), {order:<14}: {raw[order]:>9,.0f} rows/s")

    def best_exports(ports, params):
        """For each port: (best rows/s, best first-page latency, best last-page latency, the client's
        decoding share of the best export's time) of ``--repeat`` exports, taken in turn so that the
        machine's drift falls on every port alike."""
        runs = {port: [] for port in ports}
        for _ in range(args.repeat):
            for port in ports:
                total, seconds, first, last, decoding = export(
                    port, token, {"page_size": args.page_size, **params}, args.accept_encoding
                )
                assert total == rows, (total, rows)
                runs[port].append((total / seconds, first, last, decoding / seconds))
        best = {}
        for port, measured in runs.items():
            rates, firsts, lasts, shares = zip(*measured, strict=True)
            best[port] = (max(rates), min(firsts), min(lasts), shares[rates.index(max(rates))])
        return best

    modes = (("page", {}), ("cursor", {"cursor": ""}))
    results, compared = {}, {}
    with contextlib.ExitStack() as servers:
        port, pid = servers.enter_context(server(True, args.port))
        ports = [port]
        if args.compare:
            ports.append(servers.enter_context(server(True, root=args.compare.resolve()))[0])
        for order in orders:
            sort = {} if order == "default" else {"sort": order}
            for mode, params in modes:
                best = best_exports(ports, {**sort, **params})
                results[("fast path", order, mode)] = best[port]
                if args.compare:
                    compared[(order, mode)] = best[ports[1]]
        peak, now, database = worker_figures(port, pid)
    print(f"fast path worker after its exports: peak RSS {peak}, now {now}; database time {database:.0%}")
    with server(False, args.port) as (port, _):
        for mode, params in modes:
            results[("serializer", "id", mode)] = best_exports([port], {"sort": "id", **params})[port]

    for (path, order, mode), (rate, first, last, decoding) in results.items():
        print(
            f"HTTP {path:<10} {order:<14} {mode:<6}: {rate:>9,.0f} rows/s ({rate / raw[order]:.2f}x raw)  "
            f"first page {first * 1000:6.1f} ms, last page {last * 1000:6.1f} ms "
            f"(last/first {last / first:.2f}); client decoding {decoding:.0%} of the time, "
            f"{rate / (1 - decoding) / raw[order]:.2f}x raw without it"
        )
    for (order, mode), (rate, *_) in compared.items():
        mine = results[("fast path", order, mode)][0]
        print(
            f"{args.compare} {order:<14} {mode:<6}: {rate:>9,.0f} rows/s; this tree "
            f"{mine / rate:.2f}x that ({(mine / rate - 1) * 100:+.1f}%)"
        )
    page_fast, page_plain = results[("fast path", "id", "page")][0], results[("serializer", "id", "page")][0]
    print(f"page mode, fast path vs serializer path (sort=id): {page_fast / page_plain:.1f}x")
    counts = queries_per_page(token)
    for (mode, size), count in counts.items():
        print(f"queries per page, {mode:<7}, page_size {size:>4}: {count}")

    middle = rows // 2
    plans = {
        "id range": ("SELECT id FROM geography_district WHERE id > %s ORDER BY id LIMIT 1000", [middle]),
        "modified_date range": (
            "SELECT id FROM geography_district WHERE modified_date >= %s AND modified_date < %s",
            ["2023-01-01", "2023-01-02"],
        ),
        "modified_date + id keyset order": (
            "SELECT id FROM geography_district WHERE modified_date >= %s AND (modified_date > %s OR "
            "(modified_date = %s AND id > %s)) ORDER BY modified_date, id LIMIT 1000",
            ["2023-01-01", "2023-01-01", "2023-01-01", middle],
        ),
    }
    for label, (sql, params) in plans.items():
        print(f"EXPLAIN {label}:\n{explain(sql, params)}")

    fast = {key[1:]: value for key, value in results.items() if key[0] == "fast path"}
    targets = {
        "page-mode export at 0.5x raw or better, every order": all(
            fast[(order, "page")][0] / raw[order] >= 0.5 for order in orders
        ),
        "cursor-mode export at 0.8x raw or better, every order": all(
            fast[(order, "cursor")][0] / raw[order] >= 0.8 for order in orders
        ),
        "page mode at least 3x the serializer path": page_fast / page_plain >= 3,
        "cursor mode last/first page latency at most 1.5, every order": all(
            last / first <= 1.5 for (_, mode), (_, first, last, _) in fast.items() if mode == "cursor"
        ),
        "queries per page independent of page size": all(
            counts[(mode, 10)] == counts[(mode, 1000)] for mode, _ in counts
        ),
    }
    for target, met in targets.items():
        print(f"target {'met' if met else 'MISSED'}: {target}")


if __name__ == "__main__":
    main()
