"""The visibility horizon: every list serves only rows whose change time is before it.

A client keeps the largest change time it has seen as its watermark. A row may be committed
later than a newer one (a long transaction stamps early and commits late): served before it
commits, the newer row would move the watermark past it for good. So every list read, with or
without a change-time filter, serves only rows changed before the horizon ``H``: the start of
the oldest transaction that has already written (``pg_stat_activity.backend_xid``), or the
reading statement's start if there is none. Every stamp below ``H`` belongs to a committed
transaction, visible to the page's query (read after ``H``, in its own snapshot); every
later commit is stamped at or after ``H`` and arrives on a later run.

Why this is exact (with the stamping of :mod:`api.stamping`): a writer takes its
transaction id before each stamp, so a writer this query does not see yet stamps after the
query began; one it sees started before any of its stamps. A transaction that has not
written yet (a reader, an idle session, a report holding a snapshot) holds nothing back.

It is read on the primary, where the writers are, in one cheap query per page.
``API_SYNC_MAX_HOLD`` caps how long one writing transaction may hold every newer row back;
past it that transaction is no longer waited for.

SQLite has one writer at a time and ``auto_now`` stamps from the app's clock, so there the
horizon is that clock's now, with no query: it pins a walk's rows as on PostgreSQL, but a
write whose stamp was taken just before a page was read and committed just after can still
be passed by a watermark.
"""

import datetime

from django.conf import settings
from django.db import connections
from django.utils import timezone

HORIZON_SQL = """
SELECT LEAST(statement_timestamp(), min(xact_start))
FROM pg_stat_activity
WHERE datname = current_database() AND backend_xid IS NOT NULL AND pid <> pg_backend_pid()
    AND (%s = 0 OR xact_start > statement_timestamp() - %s * interval '1 second')
"""


def read_horizon() -> datetime.datetime:
    """The horizon now."""
    connection = connections["default"]
    if connection.vendor != "postgresql":
        return timezone.now()
    cap = settings.API_SYNC_MAX_HOLD
    with connection.cursor() as cursor:
        # The reading request's own backend is left out: it does not write.
        cursor.execute(HORIZON_SQL, [cap, cap])
        return cursor.fetchone()[0]


def before_horizon(queryset, field: str | None, horizon):
    """``queryset`` restricted to rows whose change time ``field`` is before ``horizon``."""
    if field is None or horizon is None:
        return queryset
    return queryset.filter(**{f"{field}__lt": horizon})
