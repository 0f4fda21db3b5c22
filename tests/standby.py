"""A throwaway PostgreSQL primary with hot standbys, and the service running over them.

The servers are real (``initdb`` and ``migrate``, then ``pg_basebackup -R`` of that primary), run
as the ``postgres`` user from a temporary directory on ports of their own (a block per xdist
worker: 55400-55499 for the one-replica tests, 55500-55599 for the fleet's), and are stopped and
removed afterwards. The service runs as a ``runserver`` subprocess with ``DATABASE_URL`` on the
primary and ``DATABASE_REPLICA_URL`` on the standby (``DATABASE_REPLICA_URLS`` on several), as
a plain login role, and writes its JSON request log (which database served each read) to a file.
"""

import contextlib
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import psycopg2

from tests.roles import connected_with, grant_plain_roles

ROOT = Path(__file__).resolve().parents[1]
BIN = Path("/usr/lib/postgresql/15/bin")
DATABASE = "reporting"
API_ROLE, LOADER_ROLE = "reporting_api", "reporting_loader"
FIRST_PORT, PORTS_PER_WORKER = 55400, 4


def as_postgres(*command, **kwargs):
    """Runs a PostgreSQL program as the ``postgres`` user (the servers refuse to run as root)."""
    runner = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    return subprocess.run([*runner, *map(str, command)], check=True, capture_output=True, text=True, **kwargs)


def worker_ports(first_port=FIRST_PORT, per_worker=PORTS_PER_WORKER) -> list[int]:
    """This xdist worker's block of ports: gw0 55400-55403, gw1 55404-55407, ..."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw")
    first = first_port + per_worker * int(worker or 0)
    return list(range(first, first + per_worker))


class Server:
    """One PostgreSQL server in ``directory``, listening on 127.0.0.1:``port``."""

    def __init__(self, directory: Path, port: int):
        self.directory, self.port = directory, port

    def start(self):
        log = self.directory.with_suffix(".log")
        as_postgres(BIN / "pg_ctl", "-D", self.directory, "-l", log, "-w", "-t", "60", "start")

    def stop(self):
        with contextlib.suppress(subprocess.CalledProcessError):
            as_postgres(BIN / "pg_ctl", "-D", self.directory, "-m", "immediate", "-w", "stop")

    def url(self, user="postgres") -> str:
        return f"postgres://{user}@127.0.0.1:{self.port}/{DATABASE}"

    def query(self, sql, params=None, database=DATABASE):
        """The first row of ``sql``, run as the superuser in its own transaction."""
        with contextlib.closing(
            psycopg2.connect(host="127.0.0.1", port=self.port, user="postgres", dbname=database)
        ) as connection:
            connection.autocommit = True
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                return cursor.fetchone() if cursor.description else None

    def configure(self, **parameters):
        """``ALTER SYSTEM SET`` each parameter and reload (replay settings take effect at once)."""
        for name, value in parameters.items():
            self.query(f"ALTER SYSTEM SET {name} = %s", [value], database="postgres")
        self.query("SELECT pg_reload_conf()", database="postgres")

    def connected(self, user=LOADER_ROLE):
        """This thread's default connection on this server's database, as ``user``, for the block."""
        return connected_with(HOST="127.0.0.1", PORT=str(self.port), NAME=DATABASE, USER=user, PASSWORD="")


class Standby(Server):
    def replayed(self) -> int:
        return self.query("SELECT (pg_last_wal_replay_lsn() - '0/0')::bigint")[0]

    def pause(self):
        """Stops replay, and waits until it has stopped (``pg_wal_replay_pause`` only requests it)."""
        self.query("SELECT pg_wal_replay_pause()")
        wait_for(lambda: self.query("SELECT pg_get_wal_replay_pause_state()")[0] == "paused", "replay paused")

    def resume(self):
        self.query("SELECT pg_wal_replay_resume()")

    def catch_up(self, primary: Server):
        """Waits until everything the primary has inserted into its WAL so far is replayed here."""
        position = primary.query("SELECT (pg_current_wal_insert_lsn() - '0/0')::bigint")[0]
        wait_for(lambda: self.replayed() >= position, "the standby caught up")


def wait_for(condition, what, seconds=60):
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"Timed out waiting for {what}.")
        time.sleep(0.05)


def migrate(url: str):
    environment = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": "migrate-" * 8}
    environment.pop("DATABASE_REPLICA_URL", None)
    done = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def initdb(server: Server, root: Path):
    """A new cluster for ``server`` (trust authentication, no fsync), started."""
    as_postgres(
        BIN / "initdb", "-D", server.directory, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync"
    )
    settings = [
        f"port = {server.port}",
        "listen_addresses = '127.0.0.1'",
        f"unix_socket_directories = '{root}'",
        "fsync = off",
        "max_connections = 60",
    ]
    with open(server.directory / "postgresql.conf", "a") as config:
        config.write("\n".join(settings) + "\n")
    server.start()


def base_backup(primary: Server, standby: Standby):
    """``standby`` as a hot standby of ``primary``, started and caught up."""
    as_postgres(BIN / "pg_basebackup", "-h", "127.0.0.1", "-p", primary.port, "-U", "postgres",
                "-D", standby.directory, "-R", "-X", "stream", "--checkpoint=fast")  # fmt: skip
    with open(standby.directory / "postgresql.conf", "a") as config:
        config.write(f"port = {standby.port}\nhot_standby = on\n")
    standby.start()
    standby.catch_up(primary)


def scratch_directory() -> Path:
    root = Path(tempfile.mkdtemp(prefix="akinon-standby-"))
    if os.geteuid() == 0:
        shutil.chown(root, "postgres")
    return root


@contextlib.contextmanager
def primary_and_standbys(ports: list[int], standbys: int = 1):
    """A migrated primary with the API's and a loader's plain roles, and ``standbys`` hot standbys.

    The primary listens on ``ports[0]``, the standbys on the next ones.
    """
    for port in ports:
        with socket.socket() as probe:
            assert probe.connect_ex(("127.0.0.1", port)) != 0, f"Port {port} is taken: stop what uses it."
    root = scratch_directory()
    primary = Server(root / "primary", ports[0])
    replicas = [Standby(root / f"standby{number}", ports[1 + number]) for number in range(standbys)]
    try:
        initdb(primary, root)
        primary.query(f"CREATE DATABASE {DATABASE}", database="postgres")
        migrate(primary.url())
        with contextlib.closing(psycopg2.connect(primary.url())) as connection, connection.cursor() as cursor:
            grant_plain_roles(cursor, [API_ROLE, LOADER_ROLE])
            connection.commit()
        for standby in replicas:
            base_backup(primary, standby)
        yield primary, replicas
    finally:
        for standby in replicas:
            standby.stop()
        primary.stop()
        shutil.rmtree(root, ignore_errors=True)


@contextlib.contextmanager
def primary_and_standby():
    """A migrated primary with the API's and a loader's plain roles, and its hot standby."""
    with primary_and_standbys(worker_ports()) as (primary, (standby,)):
        yield primary, standby


class Service:
    """The service as a ``runserver`` subprocess over the primary and the standby, as the API's role."""

    def __init__(self, primary: Server, standby: Server | list[Server], port: int, log: Path, **environment):
        self.url, self.log = f"http://127.0.0.1:{port}", log
        if isinstance(standby, list):
            replicas = {"DATABASE_REPLICA_URLS": ",".join(server.url(API_ROLE) for server in standby)}
        else:
            replicas = {"DATABASE_REPLICA_URL": standby.url(API_ROLE)}
        self.environment = {
            **{
                name: value
                for name, value in os.environ.items()
                if not name.startswith("DATABASE_REPLICA_URL")
            },
            "DATABASE_URL": primary.url(API_ROLE),
            **replicas,
            "SECRET_KEY": secrets.token_urlsafe(50),
            "LOG_FORMAT": "json",
            "API_RATE_PER_TOKEN": "1000000/min",
            "DEPENDENCY_RETRY_SECONDS": "1",
            **environment,
        }
        self.port = port

    def __enter__(self):
        self.output = open(self.log, "w")
        self.process = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", f"127.0.0.1:{self.port}", "--noreload"],
            cwd=ROOT,
            env=self.environment,
            stdout=self.output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        wait_for(self.answers, "the service to answer", seconds=120)
        return self

    def answers(self) -> bool:
        assert self.process.poll() is None, self.log.read_text()
        try:
            urllib.request.urlopen(f"{self.url}/healthz", timeout=5)
        except OSError:
            return False
        return True

    def __exit__(self, *exc):
        os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(timeout=30)
        self.output.close()

    def requests(self, path_part: str) -> list[dict]:
        """The request log's lines so far for routes containing ``path_part``."""
        lines = []
        for line in self.log.read_text().splitlines():
            with contextlib.suppress(ValueError):
                record = json.loads(line)
                if record.get("message") == "request" and path_part in record.get("route", ""):
                    lines.append(record)
        return lines
