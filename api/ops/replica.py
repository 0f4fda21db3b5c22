"""Reporting reads on a read replica, only once it has replayed what they must see; else on the primary.

When replicas are configured (``DATABASE_REPLICA_URLS``: the aliases ``replica``, ``replica2``, ...
in ``API_READ_DATABASES``), the rows an API list or detail page serves are read from one of them;
authentication, channel grants, the admin and every write use the primary, so a token or an edit
made a moment ago is never missed through replication lag.

A replica answers a read only for what it has caught up on. Every read has a *position*: the
primary's WAL insert position, read on the primary after the read's horizon (:mod:`api.sync.horizon`;
a walk's tokens carry it to its later pages), or just before a detail read. The replica serves
the read only if its ``pg_last_wal_replay_lsn()`` has reached that position, checked in a
statement of its own (autocommit) that completes before the read's first statement takes its
snapshot; otherwise the check is repeated for at most ``API_REPLICA_MAX_WAIT`` seconds, then the
read goes to the primary. Why that is exact: every commit the horizon lets through had released
its marker before the ``pg_locks`` read, and its commit record was inserted into the WAL before its
locks were released, so it lies at or below the insert position read afterwards; a hot standby
makes commits visible in replay order, so a snapshot taken once that position is replayed sees
them all. A standby receives only flushed WAL (``synchronous_commit = off`` may delay the flush):
waiting for the replay covers that too. A position from before this check existed (an older
token) cannot be checked: that read goes to the primary.

Several replicas: a read is offered to each usable one in turn, starting from the next one each
time (so that reads spread), and goes to the first that has replayed its position. Each has its
own breakers (reachability, replay keeping up) and its own identity check: before it serves, its
``pg_control_system()`` ``system_identifier`` (callable by any role on PostgreSQL 15: its EXECUTE
is granted to PUBLIC) must be the primary's, its database the primary's database, and it must be
in recovery. A server of another cluster, a URL naming another database of the cluster, or one
not in recovery (promoted, or a primary of its own), is refused for reads, logged
once and reported on ``/readyz`` and ``/metrics``; recovery is checked again with every position
check, so a standby promoted later is refused from its next read on. The one server out of
recovery that may serve is the primary itself (same identifier and postmaster start time: the
tests' mirror), which answers with its own insert position: exact. A refused replica's identity
is checked again every ``API_REPLICA_RECHECK_SECONDS`` (by the first read or probe after that), so
that a server an operator fixed (re-seeded as a standby of the primary) serves again without a
restart; until then, and while it is still a stranger or promoted, it stays refused. One that
cannot be reached at its check is tried again as an unreachable one is (below).

The primary is protected when reads fall back to it with replicas configured (every replica
refused, gone or behind): at most ``API_PRIMARY_FALLBACK_READS`` such reads run at once across
the service's processes (counted in the shared cache, as api/ops/concurrency.py counts); past it a
page answers 503 with ``Retry-After`` rather than add to a primary that is taking every read. A
read no replica could have served (its token has no position to check) is not a fallback.

A replica that cannot be reached costs one failed connection (bounded by its
``connect_timeout``), then its circuit breaker sends reads elsewhere without
trying it again until its retry interval has passed (api/ops/breaker.py).
A read that loses the replica mid-page is read again on the primary.

Which database served each read is counted (``reporting_reads_total``) and logged
(the request log's ``database``: ``primary`` or the replica's alias). How far behind each replica
is, is the time since it last replayed a primary position this process saw (positions are
sampled by every read and every scrape), not ``now() - pg_last_xact_replay_timestamp()``, which
grows on an idle primary.
"""

import collections
import contextlib
import contextvars
import logging
import threading
import time
from dataclasses import dataclass
from typing import NamedTuple

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from rest_framework.exceptions import APIException

from api.exceptions import DATABASE_ERRORS, RETRY_AFTER_SECONDS
from api.ops.breaker import CircuitBreaker
from api.ops.concurrency import acquire, release
from api.ops.metrics import record_read, record_replica
from api.ops.wal import has_replayed, inserted_end

# The logger keeps the name it had before api/ had packages: log filters select on it.
logger = logging.getLogger("api.replica")

PRIMARY_POSITION_SQL = "SELECT (pg_current_wal_insert_lsn() - '0/0')::bigint"
# COALESCE evaluates its second argument only on a server never in recovery (where it may be called).
REPLAYED_POSITION_SQL = (
    "SELECT pg_is_in_recovery(),"
    " (COALESCE(pg_last_wal_replay_lsn(), pg_current_wal_insert_lsn()) - '0/0')::bigint"
)
IDENTITY_SQL = (
    "SELECT system_identifier, pg_is_in_recovery(), pg_postmaster_start_time(), current_database()"
    " FROM pg_control_system()"
)
# Seconds between two checks of a lagging replica: short first (streaming replay is milliseconds
# behind), doubling up to the longest.
FIRST_POLL, LONGEST_POLL = 0.002, 0.05
FALLBACK_SLOTS = "replica:primary-fallback"
# Why a read went to the primary when a replica should have served it: only these count against
# the primary's fallback caps. A read with no replica configured, or with no position to check (a
# token from before positions existed), would be read on the primary whatever the replicas did.
FALLBACK_REASONS = frozenset({"unreachable", "refused", "lagging"})

# The alias the current reporting read's model reads go to (None outside one: the primary).
_read_database = contextvars.ContextVar("read_database", default=None)
# Which database served the request's reporting read, for its log line (api/ops/middleware.py).
served_by = contextvars.ContextVar("served_by", default=None)


class Lagging(Exception):
    """The replica had not replayed a read's position within ``API_REPLICA_MAX_WAIT`` (for the log)."""


class PrimaryBusy(APIException):
    """Every replica is unusable and the primary already runs its share of their reads."""

    status_code = 503
    default_code = "primary_busy"
    wait = RETRY_AFTER_SECONDS  # DRF's handler sends it as Retry-After
    default_detail = (
        "The read replicas are unavailable and the primary is serving as many of their reads as it may: "
        "retry shortly."
    )


@dataclass
class Identity:
    system: int
    in_recovery: bool
    started: object
    database: str


class Choice(NamedTuple):
    """The database a read goes to, and why that one (``reporting_reads_total``'s ``reason``)."""

    alias: str
    reason: str

    @property
    def is_fallback(self) -> bool:
        """Whether it is a read the replicas should have served, on the primary."""
        return self.reason in FALLBACK_REASONS


class Replica:
    """One replica's state in this process: its breakers, whether it may serve, how far behind it is."""

    def __init__(self, alias: str):
        self.alias = alias
        self.reach = CircuitBreaker(f"Read replica {alias!r}", "reads go to another replica or the primary")
        self.lag = CircuitBreaker(
            f"Read replica {alias!r}",
            "reads go to another replica or the primary",
            "behind",
            "caught up again",
        )
        # Why it may not serve (another cluster or database, promoted), None while its identity is good.
        self.refused: str | None = None
        self.refused_at = 0.0  # when it was last found refused
        self.identified = False
        self.is_primary = False
        self.reached_at: float | None = None  # when it last replayed a position the primary had
        self.bytes_behind: int | None = None

    def usable(self) -> bool:
        return (self.refused is None or self.recheck_due()) and self.reach.allows_a_try()

    def recheck_due(self) -> bool:
        """Whether its identity is to be checked (again) before it is used."""
        if not self.identified:
            return True
        since = time.monotonic() - self.refused_at
        return self.refused is not None and since >= settings.API_REPLICA_RECHECK_SECONDS

    def refuse(self, reason: str):
        if self.refused != reason:
            logger.warning("Read replica %s refused for reads: %s", self.alias, reason)
        self.refused, self.refused_at = reason, time.monotonic()

    def identify(self):
        """Checks that it is a standby of the primary, or the primary: once, after each outage, and
        every ``API_REPLICA_RECHECK_SECONDS`` while it is refused (its server may have been fixed)."""
        if not self.recheck_due():
            return
        replica, primary = identity(self.alias), identity(DEFAULT_DB_ALIAS)
        self.identified = True
        self.is_primary = not replica.in_recovery and replica.started == primary.started
        if replica.system != primary.system:
            self.refuse(
                f"another cluster (system identifier {replica.system}, the primary's is {primary.system})"
            )
        elif replica.database != primary.database:
            self.refuse(f"another database ({replica.database!r}, the primary's is {primary.database!r})")
        elif not (replica.in_recovery or self.is_primary):
            self.refuse("not in recovery (promoted, or a primary of its own)")
        elif self.refused is not None:
            logger.warning("Read replica %s accepted for reads again: a standby of the primary", self.alias)
            self.refused = None

    def replayed(self) -> int:
        """Its replayed position, refusing it if it has left recovery since it was identified."""
        self.identify()
        with connections[self.alias].cursor() as cursor:
            cursor.execute(REPLAYED_POSITION_SQL)
            in_recovery, replayed = cursor.fetchone()
        if not (in_recovery or self.is_primary or self.refused):
            self.refuse("not in recovery (promoted, or a primary of its own)")
        self.reach.succeeded()
        self.observed(replayed)
        return replayed

    def observed(self, replayed: int):
        """Its lag from ``replayed``: the latest primary position sampled that it has reached."""
        if self.refused:  # another cluster's or a promoted server's position says nothing of it
            self.bytes_behind = None
            return
        # The newest sample it has reached (samples are in time order: usually the last one).
        samples = reversed(positions.samples())
        reached = next((at for at, position in samples if has_replayed(replayed, position)), None)
        if reached is not None:
            self.reached_at = max(self.reached_at or 0, reached)
        latest = positions.latest()
        self.bytes_behind = None if latest is None else max(0, inserted_end(latest) - replayed)

    def failed(self, error):
        self.identified = False  # what answers when it is back may be another server
        self.reach.failed(error)

    def state(self) -> str:
        if self.refused:
            return f"refused: {self.refused}"
        if self.reach.is_open:
            return "unreachable: reads go to another replica or the primary"
        if self.lag.is_open:
            return "behind: reads go to another replica or the primary until it catches up"
        return "ok"

    def seconds_behind(self) -> float | None:
        return None if self.reached_at is None else max(0.0, time.monotonic() - self.reached_at)


class Positions:
    """The primary's recent WAL positions and when they were read (a replica's lag is measured by them)."""

    def __init__(self):
        self._samples = collections.deque(maxlen=256)
        self._lock = threading.Lock()

    def add(self, position: int):
        with self._lock:
            self._samples.append((time.monotonic(), position))

    def samples(self):
        with self._lock:
            return list(self._samples)

    def latest(self) -> int | None:
        with self._lock:
            return self._samples[-1][1] if self._samples else None


positions = Positions()
_replicas: dict[str, Replica] = {}
_turn = iter(range(2**62))  # next() of a shared iterator: atomic under the GIL


def replicas() -> list[Replica]:
    """This process's state of each configured replica, in ``API_READ_DATABASES`` order."""
    return [_replicas.setdefault(alias, Replica(alias)) for alias in settings.API_READ_DATABASES]


def forget_replicas():
    """Every replica believed up and unchecked again (the tests start each one so)."""
    _replicas.clear()


def identity(alias) -> Identity:
    with connections[alias].cursor() as cursor:
        cursor.execute(IDENTITY_SQL)
        return Identity(*cursor.fetchone())


def primary_position() -> int | None:
    """The primary's WAL insert position now (``None`` on SQLite, which has none)."""
    connection = connections[DEFAULT_DB_ALIAS]
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute(PRIMARY_POSITION_SQL)
        position = cursor.fetchone()[0]
    positions.add(position)
    return position


def database_at(position, avoid=()) -> Choice:
    """The database to read what the primary had committed at WAL ``position`` from.

    A replica (not in ``avoid``) once it has replayed ``position`` (waiting at most
    ``API_REPLICA_MAX_WAIT``), else the primary. SQLite has no replication: a replica alias there
    is a copy, read as it is.
    """
    configured = replicas()
    if not configured:
        return chosen(DEFAULT_DB_ALIAS, "no replica")
    replicated = connections[configured[0].alias].vendor == "postgresql"
    if replicated and position is None:
        return chosen(DEFAULT_DB_ALIAS, "no position")
    start = next(_turn) % len(configured)
    candidates = [
        replica
        for replica in configured[start:] + configured[:start]
        if replica.alias not in avoid and replica.usable()
    ]
    if not candidates:
        return chosen(DEFAULT_DB_ALIAS, "unreachable")
    if not replicated:
        for replica in candidates:
            if reachable(replica):
                return chosen(replica.alias, "copy")
        return chosen(DEFAULT_DB_ALIAS, "unreachable")
    positions.add(position)
    # Once a replica's wait ran out, reads check it without waiting until one finds it caught up;
    # one read per retry interval waits again, so that steady writes cannot keep it open.
    waiting = [replica for replica in candidates if replica.lag.allows_a_try()]
    deadline, pause = time.monotonic() + settings.API_REPLICA_MAX_WAIT, FIRST_POLL
    checking, reason = candidates, "lagging"
    while checking:
        for replica in checking:
            try:
                replayed = replica.replayed()
            except DATABASE_ERRORS as error:
                replica.failed(error)
                reason = "unreachable"
                continue
            if replica.refused:
                reason = "refused"
            elif has_replayed(replayed, position):
                replica.lag.succeeded()
                return chosen(replica.alias, "caught up")
        checking = [replica for replica in waiting if replica.usable() and not replica.reach.is_open]
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            break
        time.sleep(min(pause, remaining))
        pause = min(2 * pause, LONGEST_POLL)
    wait = settings.API_REPLICA_MAX_WAIT
    for replica in waiting:
        if replica.usable() and not replica.reach.is_open:
            reason = "lagging"
            replica.lag.failed(Lagging(f"{position} not replayed after {wait} s"))
    return chosen(DEFAULT_DB_ALIAS, reason)


def database_name(alias) -> str:
    """How the request log and the metrics name the database of ``alias``: primary, or the alias."""
    return "primary" if alias == DEFAULT_DB_ALIAS else alias


def chosen(alias, reason) -> Choice:
    """``alias``, counted and remembered for the request's log line as the database that served."""
    database = database_name(alias)
    record_read(database, reason)
    served_by.set(database)
    return Choice(alias, reason)


def reachable(replica: Replica) -> bool:
    """Whether the replica answers (its breaker told of the outcome)."""
    try:
        # Connects, or health-checks a reused connection (CONN_HEALTH_CHECKS); runs no query of ours.
        connections[replica.alias].cursor().close()
    except DATABASE_ERRORS as error:
        replica.failed(error)
        return False
    replica.reach.succeeded()
    return True


def check(replica: Replica) -> str:
    """Checks ``replica`` now (its identity, where it has replayed to) and says its state.

    An unreachable one only once per retry interval, as reads try it: not a connect timeout a probe.
    """
    try:
        if not replica.reach.allows_a_try():
            pass
        elif connections[replica.alias].vendor == "postgresql":
            primary_position()
            replica.replayed()
        else:
            reachable(replica)
    except DATABASE_ERRORS as error:
        replica.failed(error)
    finally:
        # Called from a thread of its own (api/ops/health.py): its connections go with it.
        record_replica(replica.alias, replica.state() == "ok", replica.seconds_behind(), replica.bytes_behind)
    return replica.state()


def take_fallback_slot() -> bool:
    return acquire(FALLBACK_SLOTS, settings.API_PRIMARY_FALLBACK_READS)


def release_fallback_slot():
    release(FALLBACK_SLOTS)


class ReportingRead:
    """Where one reporting read's model reads go: the primary until its position chooses."""

    def __init__(self, avoid=()):
        self.avoid = avoid  # replicas that failed this read
        self.alias = DEFAULT_DB_ALIAS
        self.holds_slot = False


_route = contextvars.ContextVar("reporting_read", default=None)


def read_at(position):
    """From now on, the current reporting read's model reads go where ``position`` allows.

    Called once the read's position is known (its horizon is read): whatever it read before went
    to the primary. Outside a reporting read (an export chooses its own database) it does nothing.
    A read the replicas should have served takes a fallback slot on the primary, or is refused.
    """
    route = _route.get()
    if route is None:
        return
    choice = database_at(position, route.avoid)
    route.alias = choice.alias
    if choice.is_fallback and not route.holds_slot:
        if not take_fallback_slot():
            raise PrimaryBusy()
        route.holds_slot = True
    _read_database.set(route.alias)


def read_latest():
    """From now on, the current reporting read sees every commit the primary has made visible now.

    For a record read by id, which pins no horizon: one query on the primary, only with a replica.
    """
    if settings.API_READ_DATABASES:
        read_at(primary_position())


def unreachable(alias) -> bool:
    """After a database error: whether the server is gone (rather than the query at fault)."""
    connection = connections[alias]
    connection.close()
    try:
        connection.ensure_connection()
    except DATABASE_ERRORS:
        return True
    return False


def replica_named(alias) -> Replica:
    return next(replica for replica in replicas() if replica.alias == alias)


def reporting_read(read, *args, **kwargs):
    """``read(*args, **kwargs)``, its model reads on a replica once :func:`read_at` allows it.

    A read that loses its replica (a recovery conflict, gone, promoted) is read again from the
    start, elsewhere.
    """
    route = ReportingRead()
    token, alias_token = _route.set(route), _read_database.set(DEFAULT_DB_ALIAS)
    try:
        while True:
            try:
                return read(*args, **kwargs)
            except DATABASE_ERRORS as error:
                if route.alias == DEFAULT_DB_ALIAS:
                    raise
                lose(route.alias, error)
                route.avoid, route.alias = (*route.avoid, route.alias), DEFAULT_DB_ALIAS
                _read_database.set(DEFAULT_DB_ALIAS)
    finally:
        if route.holds_slot:
            release_fallback_slot()
        _read_database.reset(alias_token)
        _route.reset(token)


def lose(alias, error):
    """After ``error`` on replica ``alias`` mid-read: the replica told, and the read goes elsewhere.

    Whatever the error says: a standby cancels a query for a recovery conflict ("canceling
    statement due to conflict with recovery"), ends an idle-in-transaction session for one (the
    client sees only "server closed the connection"), goes away or is promoted; every one is a
    ``DATABASE_ERRORS`` (a query's own fault is not), and each is cured by another database.
    """
    replica = replica_named(alias)
    if unreachable(alias):
        replica.failed(error)
        return
    with contextlib.suppress(*DATABASE_ERRORS):
        replica.replayed()  # refuses it if it was promoted


def reading_from(alias, steps):
    """Each step of the iterator ``steps`` with model reads on ``alias``: a stream read after its view.

    Set per step, not across the yields: between two steps the caller's reads are its own.
    """
    while True:
        token = _read_database.set(alias)
        try:
            step = next(steps)
        except StopIteration:
            return
        finally:
            _read_database.reset(token)
        yield step


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        return _read_database.get()

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        # A replica is a copy of the primary: it is never migrated itself.
        return db == "default"
