"""Reporting reads on a read replica, only once it has replayed what they must see; else on the primary.

When a ``replica`` database is configured (``API_READ_DATABASE``), the rows an API list or detail
page serves are read from it; authentication, channel grants, the admin and every write use the
primary, so a token or an edit made a moment ago is never missed through replication lag.

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

A server that is not in recovery (the tests' mirror of the primary, or a standby promoted after a
failover) answers with its own insert position: exact for the primary itself.

A replica that cannot be reached costs one failed connection (bounded by its
``connect_timeout``), then a circuit breaker sends reads to the primary without
trying the replica again until its retry interval has passed (api/ops/breaker.py).
A read that loses the replica mid-page is read again on the primary.

Which database served each read is counted (``reporting_reads_total``) and logged
(the request log's ``database``).
"""

import contextvars
import time

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

from api.exceptions import DATABASE_ERRORS
from api.ops.breaker import CircuitBreaker
from api.ops.metrics import record_read

PRIMARY_POSITION_SQL = "SELECT (pg_current_wal_insert_lsn() - '0/0')::bigint"
# COALESCE evaluates its second argument only on a server not in recovery (where it may be called).
REPLAYED_POSITION_SQL = (
    "SELECT (COALESCE(pg_last_wal_replay_lsn(), pg_current_wal_insert_lsn()) - '0/0')::bigint"
)
# Seconds between two checks of a lagging replica: short first (streaming replay is milliseconds
# behind), doubling up to the longest.
FIRST_POLL, LONGEST_POLL = 0.002, 0.05

# The alias the current reporting read's model reads go to (None outside one: the primary).
_read_database = contextvars.ContextVar("read_database", default=None)
# Which database served the request's reporting read, for its log line (api/ops/middleware.py).
served_by = contextvars.ContextVar("served_by", default=None)
replica = CircuitBreaker("Read replica", "reads go to the primary")
lag = CircuitBreaker("Read replica", "reads go to the primary", trouble="behind", recovered="caught up again")


class Lagging(Exception):
    """The replica had not replayed a read's position within ``API_REPLICA_MAX_WAIT`` (for the log)."""


class ReportingRead:
    """Where one reporting read's model reads go: the primary until its position chooses."""

    def __init__(self, replica_allowed: bool):
        self.replica_allowed = replica_allowed
        self.alias = DEFAULT_DB_ALIAS


_route = contextvars.ContextVar("reporting_read", default=None)


def primary_position() -> int | None:
    """The primary's WAL insert position now (``None`` on SQLite, which has none)."""
    connection = connections[DEFAULT_DB_ALIAS]
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute(PRIMARY_POSITION_SQL)
        return cursor.fetchone()[0]


def replayed_position(alias) -> int:
    """How far ``alias``'s server has replayed the primary's WAL (its own position if not a standby)."""
    with connections[alias].cursor() as cursor:
        cursor.execute(REPLAYED_POSITION_SQL)
        return cursor.fetchone()[0]


def database_at(position) -> str:
    """The alias to read what the primary had committed at WAL ``position`` from.

    The replica once it has replayed ``position`` (waiting at most ``API_REPLICA_MAX_WAIT``),
    else the primary. SQLite has no replication: a replica alias there is a copy, read as it is.
    """
    alias = settings.API_READ_DATABASE
    if alias == DEFAULT_DB_ALIAS:
        return chosen(DEFAULT_DB_ALIAS, "no replica")
    if not replica.allows_a_try():
        return chosen(DEFAULT_DB_ALIAS, "unreachable")
    if connections[alias].vendor != "postgresql":
        return chosen(alias if reachable(alias) else DEFAULT_DB_ALIAS, "copy")
    if position is None:
        return chosen(DEFAULT_DB_ALIAS, "no position")
    # Once a wait ran out, reads check without waiting until one finds the replica caught up;
    # one read per retry interval waits again, so that steady writes cannot keep it open.
    wait = settings.API_REPLICA_MAX_WAIT if lag.allows_a_try() else 0
    deadline, pause = time.monotonic() + wait, FIRST_POLL
    while True:
        try:
            replayed = replayed_position(alias)
        except DATABASE_ERRORS as error:
            replica.failed(error)
            return chosen(DEFAULT_DB_ALIAS, "unreachable")
        replica.succeeded()
        if replayed >= position:
            lag.succeeded()
            return chosen(alias, "caught up")
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            if wait:
                lag.failed(Lagging(f"{position - replayed} bytes of WAL not replayed after {wait} s"))
            return chosen(DEFAULT_DB_ALIAS, "lagging")
        time.sleep(min(pause, remaining))
        pause = min(2 * pause, LONGEST_POLL)


def chosen(alias, reason) -> str:
    """``alias``, counted and remembered for the request's log line as the database that served."""
    database = "primary" if alias == DEFAULT_DB_ALIAS else "replica"
    record_read(database, reason)
    served_by.set(database)
    return alias


def reachable(alias) -> bool:
    """Whether ``alias`` answers (the breaker told of the outcome)."""
    try:
        # Connects, or health-checks a reused connection (CONN_HEALTH_CHECKS); runs no query of ours.
        connections[alias].cursor().close()
    except DATABASE_ERRORS as error:
        replica.failed(error)
        return False
    replica.succeeded()
    return True


def replica_readiness() -> str:
    """A configured replica's state, as ``/readyz`` reports it."""
    if not (replica.allows_a_try() and reachable(settings.API_READ_DATABASE)):
        return "unreachable: reads go to the primary"
    return "behind: reads go to the primary until it catches up" if lag.is_open else "ok"


def read_at(position):
    """From now on, the current reporting read's model reads go where ``position`` allows.

    Called once the read's position is known (its horizon is read): whatever it read before went
    to the primary. Outside a reporting read (an export chooses its own database) it does nothing.
    """
    route = _route.get()
    if route is None:
        return
    route.alias = database_at(position) if route.replica_allowed else chosen(DEFAULT_DB_ALIAS, "unreachable")
    _read_database.set(route.alias)


def read_latest():
    """From now on, the current reporting read sees every commit the primary has made visible now.

    For a record read by id, which pins no horizon: one query on the primary, only with a replica.
    """
    if settings.API_READ_DATABASE != DEFAULT_DB_ALIAS:
        read_at(primary_position())


def _unreachable(alias) -> bool:
    """After a database error: whether the server is gone (rather than the query at fault)."""
    connection = connections[alias]
    connection.close()
    try:
        connection.ensure_connection()
    except DATABASE_ERRORS:
        return True
    return False


def reporting_read(read, *args, **kwargs):
    """``read(*args, **kwargs)``, its model reads on the replica once :func:`read_at` allows it."""
    route = ReportingRead(replica_allowed=True)
    token, alias_token = _route.set(route), _read_database.set(DEFAULT_DB_ALIAS)
    try:
        return read(*args, **kwargs)
    except DATABASE_ERRORS as error:
        if route.alias == DEFAULT_DB_ALIAS or not _unreachable(route.alias):
            raise
        replica.failed(error)
        _route.set(ReportingRead(replica_allowed=False))
        _read_database.set(DEFAULT_DB_ALIAS)
        return read(*args, **kwargs)
    finally:
        _read_database.reset(alias_token)
        _route.reset(token)


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
