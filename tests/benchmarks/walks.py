"""Walks at the stream's speed: cursor walks and page mode against the NDJSON export of the same rows.

Run by hand on PostgreSQL with Redis (never part of the test suite):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/akinon_pages_bench CACHE_URL=redis://127.0.0.1:6379/9 \\
        .venv/bin/python -m tests.benchmarks.walks [--endpoints districts,orders,items,versions]
        [--sorts default,id,-id,...] [--rows N] [--repeat 2] [--versions 30000] [--no-gzip]
        [--compare DIR] [--workers sync,gthread:1] [--in-process]

On a database that holds ``generate_data --scale 100000`` (and data-warehouse versions, which
``generate_data`` does not make: ``--versions`` of them are added for the granted channel, in one
``INSERT … SELECT``), as a user who is not staff and is granted the busiest channel (so that
grants, the rate limit, the concurrency limit and the horizon all run), from a fresh one-worker
gunicorn under ``config/gunicorn.conf.py`` (one per ``--workers`` kind), per endpoint and per
sort (the endpoint's own order, then every value its ``sort`` accepts; with ``--rows``, over the
endpoint's first ``--rows`` rows by id), in one run and the best of ``--repeat`` each:

- the NDJSON export of the endpoint's rows, read in 1 MiB pieces, lines counted;
- a cursor walk (``page_size=1000``, following ``next``, identity encoding) whose client
  keeps its connection wherever the server allows (a sync worker closes it after each page, so
  each page there pays a new one), reads each body and takes only ``next`` from its head, as a
  client that hands the page on undecoded would (the bodies are parsed afterwards, outside the
  walk's time, to count and check the rows);
- page mode (``page_size=1000`` and ``next``'s ``seek``) the same way;
- the same cursor walk and export with gzip, the client decompressing both;
- what the client's own JSON parsing of the walk's bodies costs: ``orjson.loads`` and the
  standard library's ``json.loads`` (what ``requests``' ``Response.json()`` calls), as rows/s of
  parsing alone;
- with ``--in-process``, the export, the cursor walk and page mode once more, served in the
  benchmark's own process through Django's WSGI handler (no gunicorn, no client socket, no
  connection per page): what the service's own code makes of the same rows. What a walk takes
  there beyond the export's time is the service's own fixed cost of its pages, which no change to
  the server, the transport or the client removes.

Each walk's rows/s is printed with its ratio to the export's in the same run (the issue's
targets: a cursor walk at 0.8x the export or more, page mode at 0.7x). ``--compare DIR`` serves
every figure from a second work tree too (the code before a change), alternating; ``--workers``
does the same for gunicorn worker kinds (``sync``, ``gthread:THREADS``).
"""

import argparse
import contextlib
import gzip
import http.client
import json
import os
import platform
import re
import time
import zlib
from pathlib import Path
from urllib.parse import urlsplit

import orjson

from tests.benchmarks.export import ROOT, add_worker_kinds, server, setup
from tests.benchmarks.pages import DISTRICTS, ensure_data, granted_token, in_process

PAGE_SIZE = 1000
# A page's "next" link, read from the head of its body: keyset pages start with it, page mode's
# follow their count with it.
NEXT = re.compile(rb'"next":(?:null|"([^"]*)")')

# (label, path with {channel}, what each row is built by)
ENDPOINTS = {
    "districts": ("OMS districts", DISTRICTS, "fast path"),
    "orders": ("DW orders", "/api/v1/remote/{channel}/data-warehouse/orders/orders/", "fast path"),
    "items": ("OMS order items", "/api/v1/oms/order_items/", "serializer"),
    "versions": ("DW versions", "/api/v1/remote/{channel}/data-warehouse/reversions/versions/", "serializer"),
}

# Versions of channel ``%(channel)s``' orders, ten to a revision, each revision a minute older than
# the one before, serialized as django-reversion's JSON serializer writes an order.
VERSIONS_SQL = """
WITH revisions AS (
    INSERT INTO reversion_revision (date_created, comment, user_id)
    SELECT now() - n * interval '1 minute', 'benchmark', NULL FROM generate_series(1, %(revisions)s) AS n
    RETURNING id
), linked AS (
    INSERT INTO dw_tracking_revisionchannel (revision_id, channel_id)
    SELECT id, %(channel)s FROM revisions RETURNING revision_id
)
INSERT INTO reversion_version (object_id, format, serialized_data, object_repr, content_type_id, revision_id,
                               db)
SELECT (revision_id * 10 + k)::text, 'json',
       '[{"model": "orders.order", "pk": ' || (revision_id * 10 + k) || ', "fields": {"number": "'
           || md5((revision_id * 10 + k)::text) || '", "amount": "' || (k * 13.37)::numeric(10, 2)
           || '", "currency": "try", "status": "550", "modified_date": "2026-12-01T10:00:00.123Z"}}]',
       'Order ' || md5((revision_id * 10 + k)::text), %(content_type)s, revision_id, 'default'
FROM linked, generate_series(1, 10) AS k
"""


def ensure_versions(channel, wanted):
    """At least ``wanted`` data-warehouse versions of ``channel``; the rows the versions endpoint serves."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection
    from reversion.models import Version

    from api.sync.stamping import chosen_timestamps
    from datawarehouse.orders.models import Order

    have = Version.objects.filter(revision__channel_link__channel=channel).count()
    if have < wanted:
        params = {
            "revisions": (wanted - have + 9) // 10,
            "channel": channel,
            "content_type": ContentType.objects.get_for_model(Order).pk,
        }
        with chosen_timestamps(), connection.cursor() as cursor:
            cursor.execute(VERSIONS_SQL, params)
        with connection.cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE) reversion_version")
            cursor.execute("VACUUM (ANALYZE) reversion_revision")
            cursor.execute("VACUUM (ANALYZE) dw_tracking_revisionchannel")


def sorts_of(path):
    """The endpoint's own order, then every value its ``sort`` parameter accepts."""
    from django.urls import resolve

    filterset = resolve(path).func.cls.filterset_class
    return ["default", *(value for value, _ in filterset.base_filters["sort"].extra["choices"])]


def bounded(port, token, path, rows):
    """``path`` filtered to its first ``rows`` rows by id (``id__lte``), found by a limited export."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    headers = {"Authorization": f"Token {token}", "Accept-Encoding": "identity"}
    body, _ = fetch(connection, query(path, "id", format="ndjson", limit=rows), headers)
    connection.close()
    return f"{path}?id__lte={orjson.loads(body.splitlines()[-1])['id']}"


def fetch(connection, url, headers):
    """(status, body as received, whether it is gzipped) of one GET."""
    connection.request("GET", url, headers=headers)
    response = connection.getresponse()
    body = response.read()
    assert response.status == 200, (url, response.status, body[:300])
    return body, response.getheader("Content-Encoding") == "gzip"


def next_path(body):
    """The path and query of a page's ``next`` link, taken from the head of its body (``None`` at the end)."""
    link = NEXT.search(body, 0, 4096)[1]
    return link and "{0.path}?{0.query}".format(urlsplit(link.decode()))


def walk(port, token, url, encoding="identity"):
    """Follow ``next`` from ``url``: (seconds, the decoded bodies), taking only ``next`` from each."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    headers = {"Authorization": f"Token {token}", "Accept-Encoding": encoding}
    bodies, start = [], time.perf_counter()
    while url:
        body, gzipped = fetch(connection, url, headers)
        if gzipped:
            body = gzip.decompress(body)
        bodies.append(body)
        url = next_path(body)
    seconds = time.perf_counter() - start
    connection.close()
    return seconds, bodies


def export(port, token, url, encoding="identity"):
    """(seconds, rows) of one NDJSON export, read in 1 MiB pieces (decompressed if gzipped)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    headers = {"Authorization": f"Token {token}", "Accept-Encoding": encoding}
    start = time.perf_counter()
    connection.request("GET", url, headers=headers)
    response = connection.getresponse()
    if response.status == 400:  # a sort the export cannot resume in (docs/export.md)
        return None, orjson.loads(response.read())
    assert response.status == 200, response.read()[:300]
    inflate = zlib.decompressobj(16 + zlib.MAX_WBITS) if response.getheader("Content-Encoding") else None
    lines = 0
    while piece := response.read(1 << 20):
        lines += (inflate.decompress(piece) if inflate else piece).count(b"\n")
    seconds = time.perf_counter() - start
    connection.close()
    return seconds, lines


def rows_of(bodies):
    """The rows of a walk's pages, every one distinct: parsed outside the walk's time."""
    rows = [row for body in bodies for row in orjson.loads(body)["results"]]
    assert len({row["id"] for row in rows}) == len(rows)
    return len(rows)


def parsing(bodies, loads):
    """Seconds ``loads`` takes over every body."""
    start = time.perf_counter()
    for body in bodies:
        loads(body)
    return time.perf_counter() - start


def query(path, sort, **params):
    sort_param = {} if sort == "default" else {"sort": sort}
    joiner = "&" if "?" in path else "?"
    return path + joiner + "&".join(f"{key}={value}" for key, value in {**params, **sort_param}.items())


def best(runs):
    """The fastest of ``runs`` of ``(seconds, …)`` (seconds ``None``: refused, as each of them is)."""
    return min(runs, key=lambda run: run[0] or 0)


def measure(port, token, path, sort, repeat, gzipped):
    """One line of figures for ``path`` in ``sort`` on the server at ``port``."""
    exported = best([export(port, token, query(path, sort, format="ndjson")) for _ in range(repeat)])
    walked = best(
        [walk(port, token, query(path, sort, cursor="", page_size=PAGE_SIZE)) for _ in range(repeat)]
    )
    paged = best([walk(port, token, query(path, sort, page_size=PAGE_SIZE)) for _ in range(repeat)])
    rows = rows_of(walked[1])
    assert rows == rows_of(paged[1]), (rows, len(paged[1]))
    if exported[0] is None:
        return rows, (
            f"export refused ({exported[1]}); cursor walk {rows / walked[0]:>8,.0f} rows/s; "
            f"page mode {rows / paged[0]:>8,.0f}"
        )
    assert exported[1] == rows, (exported[1], rows)
    line = (
        f"export {rows / exported[0]:>8,.0f} rows/s; cursor walk {rows / walked[0]:>8,.0f} "
        f"({exported[0] / walked[0]:.2f}x); page mode {rows / paged[0]:>8,.0f} "
        f"({exported[0] / paged[0]:.2f}x)"
    )
    if gzipped:
        exported_gzip = best(
            [export(port, token, query(path, sort, format="ndjson"), "gzip") for _ in range(repeat)]
        )
        walked_gzip = best(
            [
                walk(port, token, query(path, sort, cursor="", page_size=PAGE_SIZE), "gzip")
                for _ in range(repeat)
            ]
        )
        line += (
            f"; gzip: export {rows / exported_gzip[0]:>8,.0f}, walk {rows / walked_gzip[0]:>8,.0f} "
            f"({exported_gzip[0] / walked_gzip[0]:.2f}x)"
        )
    parsed = [parsing(walked[1], loads) for loads in (orjson.loads, json.loads)]
    line += (
        f"; client parsing alone: orjson {rows / parsed[0]:>9,.0f} rows/s, json {rows / parsed[1]:>8,.0f} "
        f"(walk with json parsing {rows / (walked[0] + parsed[1]):>7,.0f})"
    )
    return rows, line


def measure_in_process(get, path, sort, repeat):
    """The export, a cursor walk and page mode of ``path`` in ``sort`` served by ``get``
    (``pages.in_process``), best of ``repeat`` each: a line of rows/s and ratios to the export."""

    def exported():
        start = time.perf_counter()
        status, body = get(query(path, sort, format="ndjson"))
        return (time.perf_counter() - start if status == 200 else None), body.count(b"\n")

    def walked(**params):
        url, bodies, start = query(path, sort, page_size=PAGE_SIZE, **params), [], time.perf_counter()
        while url:
            status, body = get(url)
            assert status == 200, (url, status, body[:300])
            bodies.append(body)
            url = next_path(body)
        return time.perf_counter() - start, rows_of(bodies)

    export_seconds, exported_rows = best([exported() for _ in range(repeat)])
    walk_seconds, rows = best([walked(cursor="") for _ in range(repeat)])
    page_seconds, paged_rows = best([walked() for _ in range(repeat)])
    assert rows == paged_rows, (rows, paged_rows)
    line = f"in this process: cursor walk {rows / walk_seconds:>8,.0f} rows/s"
    line += f"; page mode {rows / page_seconds:>8,.0f}"
    if export_seconds is None:
        return line + "; export refused"
    assert exported_rows == rows, (exported_rows, rows)
    return (
        f"{line}; export {rows / export_seconds:>8,.0f}: walk {export_seconds / walk_seconds:.2f}x, "
        f"page mode {export_seconds / page_seconds:.2f}x"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--endpoints", default=",".join(ENDPOINTS))
    parser.add_argument(
        "--sorts", help="only these (default: the endpoint's own order and every accepted sort)"
    )
    parser.add_argument("--repeat", type=int, default=2, help="runs of each; the best one counts")
    parser.add_argument("--rows", type=int, help="walk only each endpoint's first ROWS rows by id")
    parser.add_argument("--versions", type=int, default=30_000, help="data-warehouse versions to serve")
    parser.add_argument("--no-gzip", action="store_true", help="leave out the gzip walks and exports")
    parser.add_argument("--compare", help="another work tree to serve the same walks from, in the same run")
    parser.add_argument(
        "--in-process", action="store_true", help="the same in this process, without gunicorn or sockets"
    )
    add_worker_kinds(parser)
    args = parser.parse_args()
    os.environ.setdefault("SECRET_KEY", "walks-benchmark-" + os.urandom(24).hex())  # its server's too
    setup(unthrottled=args.in_process)  # in-process requests count in the server's window too
    from django.db import connection

    ensure_data()
    channel, token = granted_token()
    ensure_versions(channel, args.versions)
    print(
        f"machine: {platform.node()} {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{connection.vendor}; page size {PAGE_SIZE}; best of {args.repeat}; "
        f"load average {os.getloadavg()[0]:.2f}"
    )
    trees = [("this tree", ROOT)] + ([("--compare", Path(args.compare))] if args.compare else [])
    kinds = args.workers.split(",")
    get = in_process(token) if args.in_process else None
    with contextlib.ExitStack() as stack:
        ports = [
            (f"{tree}, {kind}", stack.enter_context(server(True, root=root, worker=kind))[0])
            for tree, root in trees
            for kind in kinds
        ]
        for name in args.endpoints.split(","):
            label, path, built = ENDPOINTS[name]
            path = path.format(channel=channel)
            sorts = args.sorts.split(",") if args.sorts else sorts_of(path)
            if args.rows:
                path = bounded(ports[0][1], token, path, args.rows)
            for _, port in ports:  # start-up and the first plans are not a walk's time
                walk(port, token, query(path, "default", cursor="", page_size=10))
            if args.in_process:  # nor this process's first requests (URLs resolved, modules imported)
                measure_in_process(get, path, "default", 1)
            for sort in sorts:
                for tree, port in ports:
                    rows, line = measure(port, token, path, sort, args.repeat, not args.no_gzip)
                    where = f", {tree}" if len(ports) > 1 else ""
                    print(f"{label} ({built}), {sort}, {rows:,} rows{where}: {line}", flush=True)
                if args.in_process:
                    line = measure_in_process(get, path, sort, args.repeat)
                    print(f"{label} ({built}), {sort}: {line}", flush=True)
    print(f"load average at the end: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
