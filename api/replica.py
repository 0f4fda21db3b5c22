"""Reporting reads on a read replica, and on the primary while the replica is unreachable.

When a ``replica`` database is configured (``API_READ_DATABASE``), the rows an API list or detail
page serves are read from it; authentication, channel grants, the admin and
every write use the primary, so a token or an edit made a moment ago is never
missed through replication lag.

A replica that cannot be reached costs one failed connection (bounded by its
``connect_timeout``), then a circuit breaker sends reads to the primary without
trying the replica again until its retry interval has passed (api/breaker.py).
A read that loses the replica mid-page is read again on the primary.
"""

import contextvars

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

from api.breaker import CircuitBreaker
from api.exceptions import DATABASE_ERRORS

_read_database = contextvars.ContextVar("read_database", default=None)
replica = CircuitBreaker("Read replica", "reads go to the primary")


def read_database() -> str:
    """The alias to read reporting rows from now: the replica while it answers, else the primary."""
    alias = settings.API_READ_DATABASE
    if alias == DEFAULT_DB_ALIAS or not replica.allows_a_try():
        return DEFAULT_DB_ALIAS
    try:
        # Connects, or health-checks a reused connection (CONN_HEALTH_CHECKS); runs no query of ours.
        connections[alias].cursor().close()
    except DATABASE_ERRORS as error:
        replica.failed(error)
        return DEFAULT_DB_ALIAS
    replica.succeeded()
    return alias


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
    """``read(*args, **kwargs)`` with model reads on the replica (if there is one and it answers)."""
    alias = read_database()
    token = _read_database.set(alias)
    try:
        return read(*args, **kwargs)
    except DATABASE_ERRORS as error:
        if alias == DEFAULT_DB_ALIAS or not _unreachable(alias):
            raise
        replica.failed(error)
        _read_database.set(DEFAULT_DB_ALIAS)
        return read(*args, **kwargs)
    finally:
        _read_database.reset(token)


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
