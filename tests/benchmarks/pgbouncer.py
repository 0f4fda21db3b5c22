"""The test suite through PgBouncer in transaction-pooling mode (run by hand, loopback only).

    .venv/bin/python -m tests.benchmarks.pgbouncer [--port 56432] [--pool-size 4] [pytest arguments]

Starts its own PgBouncer (Debian's ``pgbouncer`` package: ``apt-get install -y
pgbouncer``) on 127.0.0.1:``--port`` in front of the machine's PostgreSQL
(``--upstream``, default 127.0.0.1:5432), then runs pytest with ``DATABASE_URL``
pointing at PgBouncer and ``DATABASE_POOLING=transaction``: by default the
contract tests (every endpoint: fields, filters, page and cursor mode, exports,
OPTIONS, query counts), sign-in, sign-out, throttling and the admin, the page
and keyset tests. The test database (``test_akinon_scale_pgb``) is created and
migrated through PgBouncer; it is dropped directly on PostgreSQL once PgBouncer
has stopped (PostgreSQL refuses to drop a database PgBouncer still holds
connections to). Prints PgBouncer's own counters at the end (transactions and
queries it relayed, the most server connections it opened) and exits with
pytest's status.
"""

import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg2

ROOT = Path(__file__).resolve().parents[2]
DATABASE = "akinon_scale_pgb"
DEFAULT_TESTS = [
    "tests/contract",
    "tests/authentication",
    "tests/api/test_pages.py",
    "tests/api/test_keyset.py",
    "tests/api/test_production.py",
]

CONFIG = """\
[databases]
* = host={host} port={upstream_port}

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = {port}
unix_socket_dir =
auth_type = trust
auth_file = {directory}/userlist.txt
admin_users = postgres
pool_mode = transaction
default_pool_size = {pool_size}
max_client_conn = 200
logfile = {directory}/pgbouncer.log
pidfile = {directory}/pgbouncer.pid
"""


def wait_for(port, seconds=10):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.1)
    sys.exit(f"PgBouncer did not listen on 127.0.0.1:{port}")


def drop_test_databases(host, port):
    """``test_akinon_scale_pgb`` and pytest-xdist's ``test_akinon_scale_pgb_gw0``, ``_gw1``..."""
    connection = psycopg2.connect(host=host, port=port, user="postgres", dbname="postgres")
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("SELECT datname FROM pg_database WHERE datname LIKE %s", [f"test_{DATABASE}%"])
        for (name,) in cursor.fetchall():
            cursor.execute(f'DROP DATABASE "{name}"')
    connection.close()


def pgbouncer_stats(port):
    """Totals from PgBouncer's admin console for the test database."""
    connection = psycopg2.connect(host="127.0.0.1", port=port, user="postgres", dbname="pgbouncer")
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("SHOW STATS")
        columns = [column.name for column in cursor.description]
        stats = [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
    connection.close()
    tests = [row for row in stats if row["database"].startswith(f"test_{DATABASE}")]
    return {key: sum(row[key] for row in tests) for key in ("total_xact_count", "total_query_count")}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=56432)
    parser.add_argument("--upstream", default="127.0.0.1:5432", help="PostgreSQL's host:port")
    parser.add_argument("--pool-size", type=int, default=4, help="server connections per database and user")
    args, pytest_args = parser.parse_known_args()
    host, upstream_port = args.upstream.rsplit(":", 1)
    drop_test_databases(host, upstream_port)

    with tempfile.TemporaryDirectory(prefix="pgbouncer-") as directory:
        Path(directory, "userlist.txt").write_text('"postgres" ""\n')
        config = Path(directory, "pgbouncer.ini")
        config.write_text(
            CONFIG.format(
                host=host,
                upstream_port=upstream_port,
                port=args.port,
                pool_size=args.pool_size,
                directory=directory,
            )
        )
        user = []
        if os.geteuid() == 0:
            # PgBouncer refuses to run as root: it runs as postgres, who writes its log and pid here.
            shutil.chown(directory, user="postgres")
            user = ["-u", "postgres"]
        # Its log goes to the file above (counted below), not over pytest's output.
        bouncer = subprocess.Popen(
            ["pgbouncer", *user, str(config)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        try:
            wait_for(args.port)
            env = {
                **os.environ,
                "DATABASE_URL": f"postgres://postgres@127.0.0.1:{args.port}/{DATABASE}",
                "DATABASE_POOLING": "transaction",
            }
            # --reuse-db: pytest-django keeps the test database at the end instead of dropping
            # it through PgBouncer; it is dropped below, on PostgreSQL itself.
            command = [sys.executable, "-m", "pytest", "--reuse-db", "-p", "no:cacheprovider", "-q"]
            tests = pytest_args or [*DEFAULT_TESTS, "-n", "2"]
            started = time.perf_counter()
            status = subprocess.run([*command, *tests], cwd=ROOT, env=env).returncode
            seconds = time.perf_counter() - started
            stats = pgbouncer_stats(args.port)
            opened = Path(directory, "pgbouncer.log").read_text().count("new connection to server")
            print(
                f"through PgBouncer ({seconds:.0f} s, pool_mode=transaction, default_pool_size="
                f"{args.pool_size}): {stats['total_xact_count']:,} transactions, "
                f"{stats['total_query_count']:,} queries, {opened} server connections opened in all"
            )
        finally:
            bouncer.terminate()
            bouncer.wait(timeout=10)
    drop_test_databases(host, upstream_port)
    print("pytest through PgBouncer:", "passed" if status == 0 else f"FAILED (status {status})")
    sys.exit(status)


if __name__ == "__main__":
    main()
