"""Every order an endpoint serves, as the queryset it runs, and whether the database sorts it itself.

An endpoint serves its default order and each accepted ``sort`` value,
ascending and descending, within one channel where it is channel-scoped. Each
should be read in order from an index; a plan that sorts rows instead
(PostgreSQL's ``Sort`` node, SQLite's ``USE TEMP B-TREE FOR ORDER BY``) reads
and sorts the whole channel for every page. The EXPLAIN test and
``tests/benchmarks/sorts.py`` share these.
"""

from django.db import connection, transaction
from django.db.models import Q


def served_orders(endpoint) -> list[str | None]:
    """``None`` (the default order) and every accepted ``sort`` value, both directions."""
    sort_filter = endpoint.viewset.filterset_class.base_filters["sort"]
    return [None, *(value for value, _ in sort_filter.extra["choices"])]


def ordered_queryset(endpoint, sort: str | None, channel_id: int | None):
    """The rows query of ``endpoint`` in the order ``sort`` asks for, as its viewset builds it."""
    viewset = endpoint.viewset
    queryset = viewset.queryset.all()
    if endpoint.datawarehouse and endpoint.channel_field:
        scope = Q(**{endpoint.channel_field: channel_id})
        if viewset.channel_optional:
            scope |= Q(**{f"{endpoint.channel_field}__isnull": True})
        queryset = queryset.filter(scope)
    if sort is None:
        ordering = [*viewset.ordering]
        if not {"id", "-id"} & set(ordering):
            ordering.append("id")
        return queryset.order_by(*ordering)
    return viewset.filterset_class.base_filters["sort"].filter(queryset, [sort])


def plan(queryset, page_size: int = 1000, prefer_indexes: bool = False) -> str:
    """The database's plan for one page of ``queryset``.

    ``prefer_indexes`` (PostgreSQL) turns sequential scans and sorts off, so
    that even on a near-empty test table the planner shows the plan an index
    offers; if no index gives the order, the plan still sorts. Incremental sorts
    go off too: on a near-empty table an index on the first key alone (districts'
    ``name``) plus an incremental sort by ``id`` can cost the same as the index on
    ``(name, id)``, and which one won depended on statistics that earlier tests
    had left (a flaky failure).
    """
    page = queryset[:page_size]
    if connection.vendor != "postgresql" or not prefer_indexes:
        return page.explain()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute("SET LOCAL enable_incremental_sort = off")
        return page.explain()


def sorts_rows(plan_text: str) -> bool:
    """Whether a plan sorts rows (or part of their order) rather than reading them in order."""
    if connection.vendor == "postgresql":
        return any(
            line.lstrip(" ->").startswith(("Sort", "Incremental Sort")) for line in plan_text.splitlines()
        )
    return "USE TEMP B-TREE FOR ORDER BY" in plan_text


def plan_type(plan_text: str) -> str:
    """A short name for a plan: its first scan node, and whether it sorts."""
    scans = [
        line.strip(" ->").split(" on ")[0].split(" using ")[0]
        for line in plan_text.splitlines()
        if "Scan" in line or "SCAN" in line or "SEARCH" in line
    ]
    kind = scans[0] if scans else plan_text.splitlines()[0].strip()
    return f"{kind} + Sort" if sorts_rows(plan_text) else kind
