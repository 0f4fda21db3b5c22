"""Volume benchmark: the API, the export and the admin at 100k and at 1M rows, and each figure's growth.

Run by hand on PostgreSQL (never part of the test suite), on two databases that
each hold ``generate_data --scale 100000``:

    PG=postgres://postgres@127.0.0.1:5432
    SECRET_KEY=bench .venv/bin/python -m tests.benchmarks.volume \\
        --databases $PG/akinon_volume_100k,$PG/akinon_volume_1m \\
        [--rows 100000,1000000] [--parts api,export,admin] [--repeat 3] [--json FILE]

First it tops up the main tables of each database to its ``--rows`` (OMS
districts, customers and order items; data-warehouse orders, order items and
products) by copying their own rows, a round of ``INSERT … SELECT`` per copy of
the table (``generate_data`` at a million rows takes far too long), with new
identifiers (order numbers, SKUs, e-mail addresses, UUIDs) and timestamps
spread over a day, then ``VACUUM (ANALYZE)`` each, as an operator's autovacuum
would. Then it measures each database in a process of its own
(``--measure``, the same figures at each volume) and prints every figure at
both volumes and its growth (large / small). A figure that grows with the
table is a defect to fix or explain.

- **api**: every order of each main table's endpoint (channel 1): page 1, the
  page at 90% of the walk by number, the same page as ``next`` reaches it
  (page mode's ``seek``) and as a cursor reaches it (``sorts.order_timings``),
  and page 1 and the deep ``next`` page right after a write to the table
  (each write voids the cached count).
- **export**: the NDJSON export of every district in each order against one
  raw query (``stream.py``'s baseline), and the worker's peak RSS.
- **admin**: every page of the main tables' admins (``admin.py``), the slowest
  ten at each volume.
"""

import argparse
import json
import math
import os
import subprocess
import sys
import time
from pathlib import Path

from tests.benchmarks import admin as admin_benchmark
from tests.benchmarks import sorts, stream
from tests.benchmarks.export import ORDER_KEYS, server, setup

# The main tables, and per column the SQL that makes a copy's value its own (``k``: the copy's number;
# ``None``: a fresh UUID).
MAIN_TABLES = {
    "geography_district": {},
    "oms_customers_customer": {"email": "k || '.' || email", "erp_code": "erp_code || '-' || k"},
    "oms_orders_orderitem": {},
    "dw_orders_order": {"number": "number || '-' || k", "user_email": "k || '.' || user_email"},
    "dw_orders_orderitem": {},
    "dw_products_product": {"sku": "sku || '-' || k", "base_code": "base_code || '-' || k", "uuid": None},
}
# Each copy moves its rows back by up to a day, so that copies do not tie on their timestamps.
SHIFT = "mod(id::bigint * 7919 + k, 86400) * interval '1 second'"
PARTS = ("api", "export", "admin")


def copied(column, values):
    """The SQL of ``column`` in a copy of a row."""
    if column in values:
        return "gen_random_uuid()" if values[column] is None else values[column]
    if column in ("created_date", "modified_date"):
        return f"{column} - {SHIFT}"
    return column


def fill(rows):
    """Top up every main table to ``rows`` by copying its own rows, then vacuum and analyze it."""
    from django.db import connection

    for table, values in MAIN_TABLES.items():
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*), MAX(id) FROM {table}")
            have, last = cursor.fetchone()
            columns = [c.name for c in connection.introspection.get_table_description(cursor, table)]
            columns.remove("id")
            select = ", ".join(copied(column, values) for column in columns)
            copy, original = 0, have
            while have < rows:
                copy += 1
                batch = min(original, rows - have)
                cursor.execute(
                    f"INSERT INTO {table} ({', '.join(columns)}) SELECT {select} FROM "
                    f"(SELECT *, %s AS k FROM {table} WHERE id <= %s ORDER BY id LIMIT %s) source",
                    [last + copy, last, batch],
                )
                have += batch
                print(f"{table}: {have:,} rows", file=sys.stderr)
            cursor.execute(f"VACUUM (ANALYZE) {table}")


def best_after(repeat, client, url, params, write):
    """The fastest of ``repeat`` GETs, in ms, each right after ``write()`` (untimed)."""
    times = []
    for _ in range(repeat):
        write()
        began = time.perf_counter()
        response = client.get(url, params)
        times.append((time.perf_counter() - began) * 1000)
        assert response.status_code == 200, response.content[:500]
    return min(times)


def api_figures(repeat, size):
    """Every order of every main table's endpoint: ms of each way to its pages, and their ratios."""
    from api.pages.cursor import encode_cursor, token_horizon
    from api.pages.keyset import keyset_ordering
    from tests.contract.endpoints import ENDPOINTS
    from tests.contract.sort_plans import ordered_queryset, served_orders

    client = sorts.client_for_benchmark()
    figures = {}
    for endpoint in ENDPOINTS:
        if endpoint.model._meta.db_table not in MAIN_TABLES:
            continue
        url = endpoint.url(1)
        rows = ordered_queryset(endpoint, None, 1).count()
        client.get(url, {"page_size": 1})  # warm-up: imports, row plan
        for sort in served_orders(endpoint):
            name = f"api {endpoint} {sort or 'default'}"
            timings = sorts.order_timings(client, endpoint, sort, rows, size, repeat)
            for kind, ms in timings.items():
                figures[f"{name}: {kind} ms"] = ms
            for kind in ("through next", "cursor", "by number"):
                figures[f"{name}: {kind} / page 1"] = timings[kind] / timings["page 1"]
        # Under concurrent writes: page 1 counts afresh; a walk's deep page keeps its first page's count.
        write = lambda model=endpoint.model: admin_benchmark.touch(model)  # noqa: E731
        params = {"page_size": size}
        first = best_after(repeat, client, url, params, write)
        walk = client.get(url, params).json()["next"]
        queryset = ordered_queryset(endpoint, None, 1)
        ordering = keyset_ordering(queryset)
        deep_page = max(2, math.ceil(math.ceil(rows / size) * 0.9))
        key = queryset.values_list(*(n for n, _ in ordering))[(deep_page - 1) * size - 1]
        horizon = token_horizon(dict(p.split("=") for p in walk.split("?")[1].split("&"))["seek"])
        seek = encode_cursor(ordering, key, horizon)
        deep = best_after(repeat, client, url, {**params, "page": deep_page, "seek": seek}, write)
        figures[f"api {endpoint} default: page 1 after a write ms"] = first
        figures[f"api {endpoint} default: through next after a write ms"] = deep
    return figures


def export_figures(repeat):
    """NDJSON exports of every district in each order against one raw query, and the worker's RSS."""
    from django.conf import settings

    from geography.models import District

    token = sorts.client_for_benchmark().defaults["HTTP_AUTHORIZATION"].split()[1]
    up_to = District.objects.order_by("-id").values_list("id", flat=True).first()
    rows = District.objects.count()
    chunk = settings.API_EXPORT_CHUNK_ROWS
    figures = {}
    with server(True) as (port, pid):
        stream.export(port, token, {"format": "ndjson", "limit": 10})  # start-up is not an export's time
        figures["export worker peak RSS after a 10-row export kB"] = rss_kb(stream.peak_rss(pid))
        for order in ORDER_KEYS:
            sort = {} if order == "default" else {"sort": order}
            raw = max(n / s for n, s in (stream.raw_baseline(up_to, order, chunk) for _ in range(repeat)))
            runs = [stream.export(port, token, {"format": "ndjson", **sort}) for _ in range(repeat)]
            assert all(lines == rows for lines, _, _ in runs), (runs, rows)
            rate = max(lines / seconds for lines, seconds, _ in runs)
            figures[f"export {order}: raw rows/s"] = raw
            figures[f"export {order}: NDJSON rows/s"] = rate
            figures[f"export {order}: NDJSON / raw"] = rate / raw
        figures["export worker peak RSS after the exports kB"] = rss_kb(stream.peak_rss(pid))
    return figures


def rss_kb(text):
    return float(text.split()[0])


def admin_figures(repeat):
    """Every page of the main tables' admins: ms, and SQL ms beside it."""
    figures = {}
    for table_admin in admin_labels():
        for (ms, sql, _), kind, _label, url in admin_benchmark.admin_timings(table_admin, repeat=repeat):
            figures[f"admin {kind} {url}: ms"] = ms
            figures[f"admin {kind} {url}: SQL ms"] = sql
    return figures


def admin_labels():
    """``app_label.model`` of every main table's model."""
    from django.apps import apps

    return [
        f"{model._meta.app_label}.{model._meta.model_name}"
        for model in apps.get_models()
        if model._meta.db_table in MAIN_TABLES
    ]


def measure(parts, repeat, size):
    """Every figure of ``parts`` on this process's database."""
    figures = {"load average before": os.getloadavg()[0]}
    if "api" in parts:
        figures |= api_figures(repeat, size)
    if "export" in parts:
        figures |= export_figures(repeat)
    if "admin" in parts:
        figures |= admin_figures(repeat)
    figures["load average after"] = os.getloadavg()[0]
    return figures


def child(database, *arguments):
    """Run this module in a process of its own on ``database``; what its last line holds (JSON)."""
    environment = {**os.environ, "DATABASE_URL": database}
    result = subprocess.run(
        [sys.executable, "-m", "tests.benchmarks.volume", *arguments],
        env=environment,
        stdout=subprocess.PIPE,
        check=True,
        text=True,
    )
    return json.loads(result.stdout.splitlines()[-1]) if result.stdout.strip() else None


def report(small, large, rows):
    """Every figure at both volumes and its growth; the slowest admin pages at each; the targets."""
    print(f"{'figure':<100} {rows[0]:>12,} {rows[1]:>12,}  growth")
    for name in small:
        if name in large:
            a, b = small[name], large[name]
            growth = b / a if a else math.nan
            print(f"{name:<100} {a:>12.2f} {b:>12.2f}  {growth:5.2f}x")
    for volume, figures in zip(rows, (small, large), strict=True):
        pages = sorted(
            (
                (ms, name)
                for name, ms in figures.items()
                if name.startswith("admin ") and name.endswith(": ms")
            ),
            reverse=True,
        )
        if not pages:
            continue
        print(
            f"\nSlowest ten admin pages at {volume:,} rows (of {len(pages)}), then any other over the target:"
        )
        for ms, name in pages[:10]:
            print(f"  {ms:8.1f} ms ({figures[name.replace(': ms', ': SQL ms')]:6.1f} SQL) {name[6:-4]}")
        over = [(ms, name) for ms, name in pages if ms > admin_benchmark.TARGET_MS]
        for ms, name in over[10:]:
            print(f"  {ms:8.1f} ms ({figures[name.replace(': ms', ': SQL ms')]:6.1f} SQL) {name[6:-4]}")
        print(f"  {len(over)} over {admin_benchmark.TARGET_MS} ms; slowest by kind:")
        for kind in admin_benchmark.KINDS:
            ms, name = max(
                ((ms, name) for ms, name in pages if name.startswith(f"admin {kind} /")), default=(0, "")
            )
            if name:
                print(f"  {kind:<12} {ms:8.1f} ms {name[6:-4]}")
    large_ratios = {
        name: value
        for name, value in large.items()
        if name.endswith(("through next / page 1", "cursor / page 1"))
    }
    if large_ratios:
        worst = max(large_ratios, key=large_ratios.get)
        verdict = "met" if large_ratios[worst] <= 2 else "MISSED"
        print(
            f"\nworst deep/first through next or cursor at {rows[1]:,}: {large_ratios[worst]:.2f} "
            f"({worst}); target at most 2: {verdict}"
        )
    exports = {name: value for name, value in large.items() if name.endswith("NDJSON / raw")}
    if exports:
        worst = min(exports, key=exports.get)
        verdict = "met" if exports[worst] >= 0.9 else "MISSED"
        print(
            f"worst export / raw at {rows[1]:,}: {exports[worst]:.2f} ({worst}); "
            f"target at least 0.9: {verdict}"
        )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--databases", help="comma-separated: the small volume's database URL, the large one's"
    )
    parser.add_argument("--rows", default="100000,1000000", help="rows of each main table in each database")
    parser.add_argument("--parts", default=",".join(PARTS), help=f"comma-separated, of {', '.join(PARTS)}")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each figure; the best one counts")
    parser.add_argument("--page-size", type=int, default=1000)
    parser.add_argument("--json", help="also write every figure at both volumes to this file")
    parser.add_argument("--fill", type=int, help=argparse.SUPPRESS)  # a child's: top up to this many rows
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)  # a child's: print JSON
    args = parser.parse_args()
    parts = args.parts.split(",")
    if args.fill or args.measure:
        os.environ.setdefault("SECRET_KEY", "volume-benchmark-" + os.urandom(24).hex())  # its servers' too
        setup(unthrottled=True)
        from django.db import connection

        if connection.vendor != "postgresql":
            sys.exit("Run the benchmark on PostgreSQL (set DATABASE_URL).")
        if args.fill:
            fill(args.fill)
        if args.measure:
            print(json.dumps(measure(parts, args.repeat, args.page_size)))
        return
    if not args.databases:
        parser.error("--databases is required")
    databases = args.databases.split(",")
    rows = [int(n) for n in args.rows.split(",")]
    if len(databases) != 2 or len(rows) != 2:
        parser.error("--databases and --rows need two values each: the small volume, then the large")
    os.environ.setdefault("SECRET_KEY", "volume-benchmark-" + os.urandom(24).hex())
    for database, count in zip(databases, rows, strict=True):
        child(database, "--fill", str(count))
    print(f"load average {', '.join(f'{v:.2f}' for v in os.getloadavg())}; {os.cpu_count()} cores")
    measured = [
        child(
            database,
            "--measure",
            "--parts",
            args.parts,
            "--repeat",
            str(args.repeat),
            "--page-size",
            str(args.page_size),
        )
        for database in databases
    ]
    report(*measured, rows)
    if args.json:
        Path(args.json).write_text(json.dumps(dict(zip(map(str, rows), measured, strict=True)), indent=1))
    print(f"load average at the end {', '.join(f'{v:.2f}' for v in os.getloadavg())}")


if __name__ == "__main__":
    main()
