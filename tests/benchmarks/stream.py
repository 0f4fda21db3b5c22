"""Whole-table export benchmark: NDJSON through HTTP against one raw query, at 100k and 1M rows.

Run by hand on PostgreSQL (never part of the test suite):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/akinon_export_bench \\
        .venv/bin/python -m tests.benchmarks.stream [--sizes 100000,1000000]
        [--orders default,id,modified_date,-modified_date] [--repeat 2]

It fills the district table to the largest size with one ``INSERT … SELECT
generate_series`` (``generate_data`` at a million rows takes far too long), and
exports the first ``size`` districts by id (``id__lte``), so that one table serves
every size. In one run, per size: the raw baseline (one query through a
psycopg2 server-side cursor, fetching the same rows and columns in chunks of the
export's size, ``orjson.dumps`` per row of the same dicts) and the NDJSON export
through HTTP from a fresh one-worker gunicorn (as ``export.py`` runs it) in each
order, in rows per second and as a ratio to raw; gzip and Parquet exports in
the default order; and the worker's peak RSS (``VmHWM``) after that
size's exports, which stays flat in the row count when memory does.
The client reads the body in 1 MiB pieces and counts lines: it neither parses nor
decompresses, as the raw loop does neither.
"""

import argparse
import http.client
import os
import platform
import time
from pathlib import Path

import orjson

from tests.benchmarks.export import COLUMNS, ORDER_KEYS, PATH, server, setup

# Every name, coordinate and time varies, as real districts' do: the database writes every cell.
FILL_SQL = """
INSERT INTO geography_district (created_date, modified_date, omnitron_id, mapping, is_active, name,
                                longitude, latitude, city_id, township_id)
SELECT now() - mod(n, 1000) * interval '1 hour' - n * interval '1 ms',
       now() - mod(n, 997) * interval '1 hour' - n * interval '1 ms',
       n, NULL, mod(n, 10) <> 0, 'DISTRICT ' || md5(n::text),
       (26 + mod(n, 19000) / 1000.0)::numeric(11, 8), (36 + mod(n, 6000) / 1000.0)::numeric(11, 8),
       %s, %s
FROM generate_series(%s, %s) AS n
"""


def ensure_rows(rows):
    from django.core.management import call_command
    from django.db import connection

    from api.sync.stamping import chosen_timestamps
    from geography.models import District, Township

    if not Township.objects.exists():
        call_command("generate_data", scale=100, seed=1)
    township = Township.objects.first()
    have = District.objects.count()
    if have < rows:
        with chosen_timestamps(), connection.cursor() as cursor:
            cursor.execute(FILL_SQL, [township.city_id, township.pk, have + 1, rows])
        with connection.cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE) geography_district")
    return District.objects.count()


def last_id(size):
    from geography.models import District

    return District.objects.order_by("id").values_list("id", flat=True)[size - 1]


def raw_baseline(up_to, order, chunk):
    """One query through a server-side cursor, ``orjson.dumps`` per row of the same dicts."""
    from django.db import connection, transaction

    keys = ORDER_KEYS[order]
    order_by = ", ".join(f"{name} {direction}" for name, direction in keys)
    names = COLUMNS.split(", ")
    start, total, size = time.perf_counter(), 0, 0
    # In a transaction, as the export reads: a named cursor then runs its query as it is fetched.
    with transaction.atomic(), connection.connection.cursor(name="raw_export") as cursor:
        cursor.itersize = chunk
        cursor.execute(
            f"SELECT {COLUMNS} FROM geography_district WHERE id <= %s ORDER BY {order_by}", [up_to]
        )
        for row in cursor:
            size += len(orjson.dumps(dict(zip(names, row, strict=True)), default=str))
            total += 1
    return total, time.perf_counter() - start


def export(port, token, params, encoding="identity"):
    """One export through HTTP: (rows, seconds), counting lines of a body read in 1 MiB pieces."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    query = "&".join(f"{key}={value}" for key, value in params.items())
    headers = {"Authorization": f"Token {token}", "Accept-Encoding": encoding}
    start = time.perf_counter()
    connection.request("GET", f"{PATH}?{query}", headers=headers)
    response = connection.getresponse()
    assert response.status == 200, response.read()
    lines, size, last = 0, 0, b""
    while piece := response.read(1 << 20):
        lines += piece.count(b"\n")
        size += len(piece)
        last = piece
    seconds = time.perf_counter() - start
    connection.close()
    if params.get("format") == "ndjson" and encoding == "identity":
        assert last.endswith(b"\n")
    return lines, seconds, size


def peak_rss(master_pid):
    (worker,) = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()
    for line in Path(f"/proc/{worker}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return line.split(":", 1)[1].strip()
    return "?"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100000,1000000")
    parser.add_argument("--orders", default="default,id,modified_date,-modified_date")
    parser.add_argument("--repeat", type=int, default=2, help="runs of each export; the best one counts")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    orders = args.orders.split(",")
    os.environ.setdefault("SECRET_KEY", "stream-benchmark-" + os.urandom(24).hex())  # its servers' too
    setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db import connection

    from authentication.models import APIToken

    total = ensure_rows(max(sizes))
    user, _ = get_user_model().objects.get_or_create(username="benchmark", defaults={"is_staff": True})
    token = APIToken.objects.mint(user, "benchmark " + str(APIToken.objects.count()))[1]
    chunk = settings.API_EXPORT_CHUNK_ROWS
    print(
        f"machine: {platform.node()} {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{connection.vendor}; {total} districts; load average {os.getloadavg()[0]:.2f}; chunk {chunk}"
    )
    for size in sizes:
        up_to = last_id(size)
        with server(True) as (port, pid):
            export(port, token, {"format": "ndjson", "limit": 10})  # start-up is not an export's time
            idle = peak_rss(pid)
            for order in orders:
                sort = {} if order == "default" else {"sort": order}
                raw = max(
                    count / seconds
                    for count, seconds in (raw_baseline(up_to, order, chunk) for _ in range(args.repeat))
                )
                runs = [
                    export(port, token, {"format": "ndjson", "id__lte": up_to, **sort})
                    for _ in range(args.repeat)
                ]
                assert all(lines == size for lines, _, _ in runs), (runs, size)
                rate = max(lines / seconds for lines, seconds, _ in runs)
                print(
                    f"{size:>9,} rows {order:<14}: raw {raw:>9,.0f} rows/s, NDJSON {rate:>9,.0f} rows/s "
                    f"({rate / raw:.2f}x raw), {runs[0][2] / size:.0f} bytes a row"
                )
            streamed = peak_rss(pid)
            runs = [
                export(port, token, {"format": "ndjson", "id__lte": up_to}, "gzip")
                for _ in range(args.repeat)
            ]
            seconds, compressed = min(run[1] for run in runs), runs[0][2]
            print(
                f"{size:>9,} rows default, gzip: {size / seconds:>9,.0f} rows/s, "
                f"{compressed / size:.0f} bytes a row"
            )
            runs = [export(port, token, {"format": "parquet", "id__lte": up_to}) for _ in range(args.repeat)]
            seconds, length = min(run[1] for run in runs), runs[0][2]
            print(
                f"{size:>9,} rows default, Parquet: {size / seconds:>9,.0f} rows/s, "
                f"{length / size:.0f} bytes a row"
            )
            print(
                f"{size:>9,} rows: worker peak RSS after start-up and a 10-row export {idle}, "
                f"after the NDJSON exports {streamed}, after gzip and Parquet too {peak_rss(pid)}"
            )
    print(f"load average at the end: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
