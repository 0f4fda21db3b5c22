"""Reporting reads on a read replica.

When a ``replica`` database is configured (``API_READ_DATABASE``), the rows an API list or detail
page serves are read from it; authentication, channel grants, the admin and
every write use the primary, so a token or an edit made a moment ago is never
missed through replication lag.
"""

import contextlib
import contextvars

from django.conf import settings

_reporting_read = contextvars.ContextVar("reporting_read", default=False)


@contextlib.contextmanager
def reporting_reads():
    """Within this block, model reads go to the replica (if there is one)."""
    token = _reporting_read.set(True)
    try:
        yield
    finally:
        _reporting_read.reset(token)


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        return settings.API_READ_DATABASE if _reporting_read.get() else None

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        # A replica is a copy of the primary: it is never migrated itself.
        return db == "default"
