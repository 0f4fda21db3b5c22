"""Stamping benchmark: what the stamp marker costs writes, and what the horizon query costs a page.

Run by hand on PostgreSQL (never part of the test suite; it needs no volume data):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/akinon_bench \\
        .venv/bin/python -m tests.benchmarks.stamping [--rows 100000] [--transactions 2000]

On a scratch table of ``--rows`` rows it times, in one run and in turns (best of ``--repeat``),
three triggers: none (the raw baseline), the previous release's (``pg_current_xact_id()``, then
the stamp) and this release's (the marker on a transaction's first stamp, then the stamp): a
bulk ``UPDATE`` of every row in one transaction, and ``--transactions`` single-row ``UPDATE``
transactions, with ``synchronous_commit`` off (the WAL flush of each commit, the same with any
trigger, would drown the trigger's cost in the disk's noise). Then the median latency of the
horizon query, the previous release's (``pg_stat_activity``) and this one's (``pg_locks``), with
no other writer, with ``--writers`` open transactions holding a marker, and with those and
``--other-locks`` more locks held by another session (``pg_locks`` lists the whole server's); and the one-row
transactions again while another connection runs the horizon query in a loop (reading
``pg_locks`` holds the lock manager's partitions for a moment), against the same loop of the
previous query.
"""

import argparse
import statistics
import sys
import threading
import time

from tests.benchmarks.export import setup

TABLE = "benchmark_stamping"
PREVIOUS_FUNCTION_SQL = """
CREATE OR REPLACE FUNCTION benchmark_stamp_previous() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_current_xact_id();
    NEW.modified_date := clock_timestamp();
    RETURN NEW;
END
$$
"""
PREVIOUS_HORIZON_SQL = """
SELECT LEAST(statement_timestamp(), min(xact_start))
FROM pg_stat_activity
WHERE datname = current_database() AND backend_xid IS NOT NULL AND pid <> pg_backend_pid()
    AND (%s = 0 OR xact_start > statement_timestamp() - %s * interval '1 second')
"""


def create_table(cursor, rows):
    from api.sync import stamping

    cursor.execute(
        f"DROP TABLE IF EXISTS {TABLE}; CREATE TABLE {TABLE} (id integer PRIMARY KEY, name text, "
        f"modified_date timestamptz); INSERT INTO {TABLE} SELECT i, 'row ' || i, now() "
        f"FROM generate_series(1, %s) i",
        [rows],
    )
    cursor.execute(PREVIOUS_FUNCTION_SQL)
    cursor.execute(
        stamping.FUNCTION_SQL.format(
            function="benchmark_stamp_current",
            version=stamping.VERSION,
            keep=stamping.KEEP_SETTING,
            marker=stamping.MARKER_SETTING,
            classid=stamping.MARKER_CLASSID,
            epoch=stamping.MARKER_EPOCH,
            column="modified_date",
        )
    )


def use_trigger(cursor, variant):
    cursor.execute(f"DROP TRIGGER IF EXISTS benchmark ON {TABLE}")
    if variant != "none":
        cursor.execute(
            f"CREATE TRIGGER benchmark BEFORE INSERT OR UPDATE ON {TABLE} "
            f"FOR EACH ROW EXECUTE FUNCTION benchmark_stamp_{variant}()"
        )


def drop_table(cursor):
    cursor.execute(
        f"DROP TABLE IF EXISTS {TABLE}; DROP FUNCTION IF EXISTS benchmark_stamp_previous(); "
        "DROP FUNCTION IF EXISTS benchmark_stamp_current()"
    )


def seconds(work):
    began = time.perf_counter()
    work()
    return time.perf_counter() - began


def bulk_update(cursor):
    cursor.execute(f"BEGIN; UPDATE {TABLE} SET name = name; COMMIT")


def single_row_transactions(cursor, count, rows):
    for i in range(count):
        cursor.execute(f"UPDATE {TABLE} SET name = name WHERE id = %s", [1 + i * 7919 % rows])


def median_ms(cursor, sql, count=1000):
    times = []
    for _ in range(count):
        began = time.perf_counter()
        cursor.execute(sql, [0, 0])
        cursor.fetchone()
        times.append((time.perf_counter() - began) * 1000)
    return statistics.median(times)


def open_writers(count):
    """``count`` connections, each in a transaction that has stamped one row (and so holds a marker)."""
    import psycopg2
    from django.db import connection

    writers = [psycopg2.connect(**connection.get_connection_params()) for _ in range(count)]
    for i, writer in enumerate(writers):
        writer.cursor().execute(f"UPDATE {TABLE} SET name = name WHERE id = %s", [i + 1])
    return writers


def time_writes(cursor, args):
    variants = ["none", "previous", "current"]
    bulk, single = {v: [] for v in variants}, {v: [] for v in variants}
    cursor.execute("SET synchronous_commit = off")
    for _ in range(args.repeat):
        for variant in variants:
            use_trigger(cursor, variant)
            bulk[variant].append(seconds(lambda: bulk_update(cursor)))
            single[variant].append(
                seconds(lambda: single_row_transactions(cursor, args.transactions, args.rows))
            )
    print(f"trigger    {args.rows:,} rows in one UPDATE     {args.transactions:,} one-row transactions")
    for variant in variants:
        per_row = min(bulk[variant]) / args.rows * 1e6
        per_transaction = min(single[variant]) / args.transactions * 1e6
        print(
            f"{variant:<10} {min(bulk[variant]) * 1000:8.0f} ms ({per_row:5.2f} us/row)"
            f"   {per_transaction:8.1f} us each"
        )


def time_horizon(cursor, writers, other_locks=0):
    from api.sync.horizon import HORIZON_SQL

    use_trigger(cursor, "current")
    opened = open_writers(writers)
    if other_locks:
        # Advisory locks of another first key: listed by pg_locks, never taken for markers.
        opened[0].cursor().execute(
            "SELECT pg_advisory_xact_lock(1, i) FROM generate_series(1, %s) i", [other_locks]
        )
    try:
        previous, current = median_ms(cursor, PREVIOUS_HORIZON_SQL), median_ms(cursor, HORIZON_SQL)
    finally:
        for writer in opened:
            writer.close()
    print(
        f"horizon query with {writers:>2} open writers, {other_locks:>5} other locks: "
        f"pg_stat_activity {previous:.3f} ms, pg_locks {current:.3f} ms"
    )


def one_row_transactions_while(cursor, args, sql):
    """Best of three runs of the one-row transactions in µs each, while another connection loops ``sql``."""
    import psycopg2
    from django.db import connection

    stop, reads = threading.Event(), [0]

    def loop():
        with psycopg2.connect(**connection.get_connection_params()) as reader, reader.cursor() as horizon:
            while not stop.is_set():
                horizon.execute(sql, [0, 0])
                horizon.fetchone()
                reads[0] += 1

    thread = threading.Thread(target=loop) if sql else None
    if thread:
        thread.start()
    try:
        began = time.perf_counter()
        best = min(
            seconds(lambda: single_row_transactions(cursor, args.transactions, args.rows)) for _ in range(3)
        )
        rate = reads[0] / (time.perf_counter() - began)
    finally:
        stop.set()
        if thread:
            thread.join()
    return best / args.transactions * 1e6, rate


def time_writes_under_horizon_reads(cursor, args):
    from api.sync.horizon import HORIZON_SQL

    use_trigger(cursor, "current")
    for name, sql in [("alone", None), ("pg_stat_activity", PREVIOUS_HORIZON_SQL), ("pg_locks", HORIZON_SQL)]:
        each, rate = one_row_transactions_while(cursor, args, sql)
        print(
            f"one-row transactions while {name:<16} is read in a loop ({rate:5,.0f}/s): {each:6.1f} us each"
        )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--transactions", type=int, default=2000)
    parser.add_argument("--writers", type=int, default=20)
    parser.add_argument("--other-locks", type=int, default=3000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    setup()
    from django.db import connection

    if connection.vendor != "postgresql":
        sys.exit("Run the benchmark on PostgreSQL (set DATABASE_URL).")
    with connection.cursor() as cursor:
        create_table(cursor, args.rows)
        try:
            time_writes(cursor, args)
            time_horizon(cursor, 0)
            time_horizon(cursor, args.writers)
            time_horizon(cursor, args.writers, args.other_locks)
            time_writes_under_horizon_reads(cursor, args)
        finally:
            drop_table(cursor)


if __name__ == "__main__":
    main()
