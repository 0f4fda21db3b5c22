"""A throwaway PostgreSQL primary with a hot standby, and the service running over both.

The servers are real (``initdb`` and ``migrate``, then ``pg_basebackup -R`` of that primary), run
as the ``postgres`` user from a temporary directory on free ports of their
own (in 23400-23499; the fleet's tests in 23500-23599), and are stopped and removed afterwards. The
service runs as a ``runserver`` subprocess with ``DATABASE_URL`` on the primary and
``DATABASE_REPLICA_URL`` on the standby (``DATABASE_REPLICA_URLS`` on several), as
a plain login role, and writes its JSON request log (which database served each read) to a file.
The fault benchmark (tests/benchmarks/faults.py) runs its servers with the same ``Postgres``.
"""

import contextlib
import fcntl
import json
import os
import random
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

from api.ops.wal import has_replayed
from tests.roles import connected_with, grant_plain_roles

ROOT = Path(__file__).resolve().parents[1]
PG_BIN = Path("/usr/lib/postgresql/15/bin")
# The servers refuse to run as root.
AS_POSTGRES = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
DATABASE = "akinon"
API_ROLE, LOADER_ROLE = "reporting_api", "reporting_loader"
PORTS = range(23400, 23500)


PORT_LOCKS = Path(tempfile.gettempdir()) / "akinon-test-ports"


@contextlib.contextmanager
def reserved_ports(count: int, among=PORTS):
    """``count`` ports of the tests' range, each held for the block by a lock file that every test
    process (other xdist workers, other runs) respects, and free to bind when taken. Free is not
    enough on its own: a server the test stopped on purpose leaves its port free, and a service
    started next must not take it from under the restart. Each caller starts its search at a random
    place in the range, so that servers started at once rarely contend for the same one."""
    PORT_LOCKS.mkdir(mode=0o777, exist_ok=True)
    start = random.randrange(len(among))
    ports = []
    with contextlib.ExitStack() as held:  # closing a lock file releases its lock
        for port in [*among[start:], *among[:start]]:
            if len(ports) == count:
                break
            lock = held.enter_context(open(PORT_LOCKS / f"{port}.lock", "a"))
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                continue
            if free(port):
                ports.append(port)
            else:
                fcntl.flock(lock, fcntl.LOCK_UN)
        assert len(ports) == count, f"Fewer than {count} free ports in {among.start}-{among.stop - 1}."
        yield ports


def free(port: int) -> bool:
    """Whether a server could bind ``port`` now. A bind, not a connect: a connection that holds a
    port as its local end answers nothing, yet the port cannot be bound. The tests' ranges lie below
    the kernel's ephemeral ports (32768 and up), where no client connection takes one."""
    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


class Postgres:
    """A PostgreSQL server of a test's or a benchmark's own, in ``root/name``, on 127.0.0.1:``port``."""

    def __init__(self, root: Path, name: str, port: int):
        self.data, self.port, self.log = root / name, port, root / f"{name}.log"
        # wal_keep_size: a standby a test stops and starts again finds on the primary the WAL it missed.
        self.options = (
            f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off -c wal_keep_size=256MB"
        )

    @property
    def url(self):
        return self.url_as("postgres")

    def url_as(self, user: str) -> str:
        return f"postgres://{user}@127.0.0.1:{self.port}/{DATABASE}"

    def run(self, tool, *args):
        done = subprocess.run(
            [*AS_POSTGRES, str(PG_BIN / tool), *args], capture_output=True, text=True, timeout=120
        )
        if done.returncode:
            log = self.log.read_text()[-2000:] if self.log.exists() else ""
            raise RuntimeError(f"{tool} {' '.join(args)} failed:\n{done.stdout}{done.stderr}\n{log}")

    def create(self):
        self.run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8")

    def clone(self, primary):
        """A streaming replica: a base backup of the primary that keeps following it (standby.signal)."""
        self.run(
            "pg_basebackup",
            *("-h", "127.0.0.1", "-p", str(primary.port), "-U", "postgres", "-D", str(self.data)),
            *("-R", "-X", "stream", "-c", "fast"),
        )

    def start(self):
        self.run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-o", self.options, "-w", "start")

    def stop(self, mode="fast"):
        self.run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop")

    def query(self, sql, params=None, database=DATABASE):
        """The first row of ``sql`` (``None`` if it returns none), run as the superuser in autocommit."""
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

    # As a hot standby -------------------------------------------------------------

    def replayed(self) -> int:
        return self.query("SELECT (pg_last_wal_replay_lsn() - '0/0')::bigint")[0]

    def pause(self):
        """Stops replay, and waits until it has stopped (``pg_wal_replay_pause`` only requests it)."""
        self.query("SELECT pg_wal_replay_pause()")
        wait_for(lambda: self.query("SELECT pg_get_wal_replay_pause_state()")[0] == "paused", "replay paused")

    def resume(self):
        self.query("SELECT pg_wal_replay_resume()")

    def catch_up(self, primary):
        """Waits until everything the primary has inserted into its WAL so far is replayed here."""
        position = primary.query("SELECT (pg_current_wal_insert_lsn() - '0/0')::bigint")[0]
        try:
            wait_for(lambda: has_replayed(self.replayed(), position), "the standby caught up")
        except AssertionError as timeout:
            # Its log is removed with the servers: what it said is kept in the failure.
            log = self.log.read_text()[-2000:]
            raise AssertionError(f"{timeout} Replayed {self.replayed()} of {position}; log:\n{log}") from None


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


def scratch_directory() -> Path:
    """A temporary directory the servers (run as ``postgres``) may write to."""
    root = Path(tempfile.mkdtemp(prefix="akinon-standby-"))
    if AS_POSTGRES:
        shutil.chown(root, "postgres")
    return root


@contextlib.contextmanager
def orm_on(primary: "Postgres", django_db_blocker):
    """This thread's ORM on the throwaway ``primary`` (as the loader's plain role) for the block."""
    # Imported here: the fault benchmark imports this module before it sets Django up.
    from django.contrib.contenttypes.models import ContentType

    with django_db_blocker.unblock(), primary.connected():
        ContentType.objects.clear_cache()  # its ids are the throwaway database's
        try:
            yield
        finally:
            ContentType.objects.clear_cache()


@contextlib.contextmanager
def primary_and_standbys(standbys=1, among=PORTS):
    """A migrated primary with the API's and a loader's plain roles, and ``standbys`` hot standbys."""
    with reserved_ports(1 + standbys, among) as ports:
        root = scratch_directory()
        primary = Postgres(root, "primary", ports[0])
        replicas = [Postgres(root, f"standby{number}", port) for number, port in enumerate(ports[1:], 1)]
        try:
            primary.create()
            primary.start()
            primary.query(f"CREATE DATABASE {DATABASE}", database="postgres")
            migrate(primary.url)
            with contextlib.closing(psycopg2.connect(primary.url)) as connection:
                with connection.cursor() as cursor:
                    grant_plain_roles(cursor, [API_ROLE, LOADER_ROLE])
                connection.commit()
            for standby in replicas:
                standby.clone(primary)
                standby.start()
                standby.catch_up(primary)
            yield primary, replicas
        finally:
            for server in (*replicas, primary):
                if (server.data / "postmaster.pid").exists():
                    server.stop("immediate")
            shutil.rmtree(root, ignore_errors=True)


@contextlib.contextmanager
def primary_and_standby():
    """A migrated primary with the API's and a loader's plain roles, and its hot standby."""
    with primary_and_standbys() as (primary, (standby,)):
        yield primary, standby


class Service:
    """The service as a ``runserver`` subprocess over the primary and the standby, as the API's role."""

    def __init__(self, primary: Postgres, standby: Postgres | list, port: int, log: Path, **environment):
        self.url, self.log = f"http://127.0.0.1:{port}", log
        if isinstance(standby, list):
            replicas = {"DATABASE_REPLICA_URLS": ",".join(server.url_as(API_ROLE) for server in standby)}
        else:
            replicas = {"DATABASE_REPLICA_URL": standby.url_as(API_ROLE)}
        self.environment = {
            **{
                name: value
                for name, value in os.environ.items()
                if not name.startswith("DATABASE_REPLICA_URL")
            },
            "DATABASE_URL": primary.url_as(API_ROLE),
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
