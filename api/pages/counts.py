"""Exact page-mode counts without a ``COUNT(*)`` on every page of a walk.

Each table carries a change marker: database triggers bump a counter in
``api_tablechange`` on every insert, update, delete or truncate, in the
writing transaction, so the marker a query sees is as transactional as the
rows it sees. A page asks for the count and the markers of the tables its
query reads in one statement; if the markers equal those cached with an
earlier count of the same query, the database skips the ``COUNT(*)`` (the
``CASE`` never evaluates it) and the cached count is exact. Any write to one
of those tables changes a marker, so the next page counts again.

Writers never wait for each other: on PostgreSQL each backend bumps its own
row (``backend`` is its process id), and the marker is the sum. A random
``~epoch`` row, written once when the table is created, keeps a recreated
database from matching counts cached for an earlier one. Queries that read a
table without a marker, or hold a subquery whose tables are not listed in the
query's joins, are counted plainly.

A count that reads more than ``WALK_COUNT_ROWS`` rows costs more than the page
it heads (on PostgreSQL, about 40 ms per 100k rows), and under steady writes
every page would count again. A walk that follows ``next`` is pinned to the
rows of its first page's horizon (api/sync/horizon.py), so its later pages answer
the count its first page saw, kept under that horizon, without a query: at
most one such count per walk, whatever the table's size and its writes. Below
the bound, and on every page reached without ``next``, the count is exact.
"""

import hashlib
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db import connections, router

from api.pages import prepared

TABLE = "api_tablechange"
EPOCH = "~epoch"
CACHE_SECONDS = 3600
WALK_COUNT_ROWS = 100_000


def exact_count(queryset, walk=None) -> int:
    """``queryset.count()``, from the cache when no table it reads has changed since; ``walk``, the time
    of the horizon of the walk a page belongs to: past ``WALK_COUNT_ROWS``, its first page's count."""
    counting = CountQuery.of(queryset)
    return queryset.count() if counting is None else counting.count(walk, queryset.db)


@dataclass(frozen=True)
class CountQuery:
    """A count's compiled query and the tables whose change markers vouch for its cached result; a
    walk's statement keeps it (api/pages/statements.py), so that its pages count without the ORM."""

    model: Any
    inner: str
    params: tuple
    tables: list
    # Where a walk's statement keeps it: the name it is prepared under (api/pages/prepared.py).
    prepared_as: str | None = None

    @classmethod
    def of(cls, queryset) -> "CountQuery | None":
        """The count of ``queryset``; ``None`` when only Django's own ``count()`` counts it exactly."""
        query = queryset.query.chain()
        query.clear_ordering(force=True)
        # As Django's own count(): the joins that fetch related rows' columns change no row's presence.
        query.select_related = False
        try:
            inner, params = query.get_compiler(using=queryset.db).as_sql()
        except EmptyResultSet:  # a filter that matches nothing (id__in=[]): Django answers 0 without a query
            return None
        tables = sorted({join.table_name for join in query.alias_map.values()})
        if inner.upper().count("SELECT") != 1 or not tables:
            return None
        return cls(queryset.model, inner, tuple(params), tables)

    def count(self, walk=None, database=None) -> int:
        """The count now, on ``database`` (by default the one the current read reads from)."""
        database = database or router.db_for_read(self.model)
        identity = f"{database}\0{self.inner}\0{self.params!r}"
        key = "count:" + hashlib.sha256(identity.encode()).hexdigest()
        walk_key = None if walk is None else f"walk:{key}:{walk.timestamp()}"
        found = cache.get_many([key] if walk_key is None else [walk_key, key])  # one round trip
        if walk_key and (walked := found.get(walk_key)) is not None:
            return walked
        cached_marker, cached_count = found.get(key) or ("", None)
        in_list = ", ".join(["%s"] * (len(self.tables) + 1))
        sql = (
            "SELECT CASE WHEN marker.value = %s THEN NULL ELSE "
            f"(SELECT COUNT(*) FROM ({self.inner}) counted) END, marker.value, marker.tracked "
            "FROM (SELECT CAST(SUM(version) AS TEXT) AS value, "
            f"COUNT(DISTINCT table_name) AS tracked FROM {TABLE} WHERE table_name IN ({in_list})) marker"
        )
        connection = connections[database]
        with connection.cursor() as cursor:
            rest = [*self.params, *self.tables, EPOCH]

            def definition(cursor):  # the cached marker, the one parameter that changes, as $1
                return cursor.mogrify(sql, [*prepared.parameters(1), *rest]).decode()

            if not (
                self.prepared_as
                and prepared.prepares(connection)
                and prepared.execute(connection, cursor, self.prepared_as, definition, [cached_marker])
            ):
                cursor.execute(sql, [cached_marker, *rest])
            count, marker, tracked = cursor.fetchone()
        if count is None:
            count = cached_count
        elif tracked == len(self.tables) + 1:  # every table (and the epoch) has a marker
            cache.set(key, (marker, count), CACHE_SECONDS)
        if walk_key and count > WALK_COUNT_ROWS:
            cache.set(walk_key, count, CACHE_SECONDS)
        return count


def install_change_markers(using="default", **kwargs):
    """Give every table of an installed model its change-marker triggers (after each migrate)."""
    connection = connections[using]
    tables = sorted(
        {
            model._meta.db_table
            for model in apps.get_models(include_auto_created=True)
            if model._meta.managed and not model._meta.proxy
        }
        & set(connection.introspection.table_names())
    )
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(
                f"INSERT INTO {TABLE} (table_name, backend, version) VALUES (%s, 0, 0) "
                "ON CONFLICT (table_name, backend) DO NOTHING",
                [table],
            )
            if connection.vendor == "postgresql":
                cursor.execute(
                    "CREATE OR REPLACE TRIGGER api_table_changed "
                    f"AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {quote(table)} "
                    "FOR EACH STATEMENT EXECUTE FUNCTION api_table_changed()"
                )
                continue
            for event in ("INSERT", "UPDATE", "DELETE"):
                # SQLite has row triggers only, and one writer at a time: one row per table.
                cursor.execute(
                    f"CREATE TRIGGER IF NOT EXISTS {quote(f'api_changed_{event.lower()}_{table}')} "
                    f"AFTER {event} ON {quote(table)} BEGIN UPDATE {TABLE} SET version = version + 1 "
                    f"WHERE table_name = '{table}' AND backend = 0; END"
                )
