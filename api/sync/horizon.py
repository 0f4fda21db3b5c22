"""The visibility horizon: every list serves only rows whose change time is before it.

A client keeps the largest change time it has seen as its watermark. A row may be committed
later than a newer one (a long transaction stamps early and commits late): served before it
commits, the newer row would move the watermark past it for good. So every list read, with or
without a change-time filter, serves only rows changed before the horizon ``H``: the oldest
stamp marker of a transaction still open (taken before its first stamp, see
:mod:`api.sync.stamping`), or the reading statement's start if there is none. Every stamp below
``H`` belongs to a committed transaction, visible to the page's query (read after ``H``, in its
own snapshot); every later commit is stamped at or after ``H`` and arrives on a later run.

Why this is exact: a writer publishes its marker (a shared advisory lock in ``pg_locks``,
visible to every role) before its first stamp and keeps it until its commit is visible, so a
writer this query does not see stamps after the query began, or has committed; one it sees
stamps nothing below its marker. A transaction that has not stamped yet (a reader, an idle
session, a report holding a snapshot) holds nothing back. A prepared (two-phase) transaction
keeps its locks with no process, and is counted too.

It is read on the primary, where the writers are, in one cheap query per page, with the primary's
WAL insert position read after it: a replica serves the page only once it has replayed that far
(:mod:`api.ops.replica` says why that is exact).
``API_SYNC_MAX_HOLD`` caps how long one writing transaction may hold every newer row back;
past it (from its marker) that transaction is no longer waited for.

SQLite has one writer at a time and ``auto_now`` stamps from the app's clock, so there the
horizon is that clock's now, with no query: it pins a walk's rows as on PostgreSQL, but a
write whose stamp was taken just before a page was read and committed just after can still
be passed by a watermark.
"""

import datetime
from typing import NamedTuple

from django.conf import settings
from django.db import connections
from django.utils import timezone

from api.sync.stamping import MARKER_CLASSID, MARKER_EPOCH

# The position is in the aggregate's projection: evaluated once every pg_locks row has been read.
HORIZON_SQL = f"""
SELECT LEAST(statement_timestamp(), min(marked)), (pg_current_wal_insert_lsn() - '0/0')::bigint FROM (
    SELECT TIMESTAMPTZ '{MARKER_EPOCH}' + objid::bigint * interval '1 second' AS marked
    FROM pg_locks
    WHERE locktype = 'advisory' AND classid = {MARKER_CLASSID} AND objsubid = 2 AND granted
        AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
        AND pid IS DISTINCT FROM pg_backend_pid()
) markers
WHERE %s = 0 OR marked > statement_timestamp() - %s * interval '1 second'
"""


class Horizon(NamedTuple):
    """A horizon's time, and the primary's WAL position after it was read (``None``: unknown)."""

    time: datetime.datetime
    position: int | None = None


def read_horizon() -> Horizon:
    """The horizon now (SQLite: the app's clock, and no position)."""
    connection = connections["default"]
    if connection.vendor != "postgresql":
        return Horizon(timezone.now())
    cap = settings.API_SYNC_MAX_HOLD
    with connection.cursor() as cursor:
        # The reading request's own backend is left out: it does not write (a prepared
        # transaction's locks have no process, hence IS DISTINCT FROM).
        cursor.execute(HORIZON_SQL, [cap, cap])
        return Horizon(*cursor.fetchone())


def before_horizon(queryset, field: str | None, horizon: Horizon):
    """``queryset`` restricted to rows whose change time ``field`` is before ``horizon``."""
    if field is None:
        return queryset
    return queryset.filter(**{f"{field}__lt": horizon.time})
