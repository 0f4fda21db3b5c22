"""Admin benchmark: every admin page a person opens at volume, slowest first.

Run by hand on PostgreSQL with volume data (never part of the test suite):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/akinon_bench SECRET_KEY=bench \\
        .venv/bin/python -m tests.benchmarks.admin [--repeat 3] [--only dw_orders.] [--kinds search,sort]

For every registered admin it opens: the changelist, and the changelist again right
after a write to its table (so counted afresh); a search by each search field (a
five-character piece of a real row's value, or the whole value for an exact ``=field``, so
that it finds something), and by the piece's first one, two and three letters on a text
field (the short terms no trigram serves); its last page; each list filter's first
choice, the facet counts (``_facets``) and the date hierarchy's year, month and day of a
real row; the changelist sorted by each sortable column; the change form of a real row
(inlines and related widgets included) and the add form; each autocomplete field's
lookup. Through Django's test client in process, signed in as a superuser; each figure
is the fastest of ``--repeat``, with the part spent in SQL and the number of queries
beside it. The machine's load is printed before and after (on a busy machine Python
under contention dominates the total: read SQL ms beside it). Target: every page within
300 ms.
"""

import argparse
import os
import sys
import time
from collections import defaultdict
from urllib.parse import parse_qsl, urlencode

from tests.benchmarks.export import setup

TARGET_MS = 300
KINDS = (
    "changelist",
    "after write",
    "last page",
    "search",
    "filter",
    "facets",
    "date",
    "sort",
    "change form",
    "add form",
    "autocomplete",
)


def timed(client, url, params, repeat, before=None):
    """(total ms, SQL ms, queries) of the fastest of ``repeat`` GETs, or ``None`` unless a 200;
    ``before()`` runs before each GET, untimed."""
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    times = []
    for _ in range(repeat):
        if before:
            before()
        reset_queries()  # the log is a bounded deque: once full, a capture sees no new queries
        with CaptureQueriesContext(connection) as queries:
            began = time.perf_counter()
            response = client.get(url, params)
            total = (time.perf_counter() - began) * 1000
        sql = sum(float(query["time"]) for query in queries.captured_queries) * 1000
        times.append((total, sql, len(queries.captured_queries)))
    if response.status_code != 200:  # e.g. a proxy admin whose change form redirects
        return None
    return min(times)


def middle_value(model, path):
    """The value of ``path`` on the model's middle row by id (a real, typical row), or ``None``."""
    rows = model._default_manager.order_by("pk").values_list(path, flat=True)
    count = model._default_manager.count()
    return rows[count // 2] if count else None


def search_term(model, field: str):
    value = middle_value(model, field.lstrip("=^@"))
    if value is None:
        return None
    value = str(value)
    return value if field.startswith("=") else value[len(value) // 3 : len(value) // 3 + 5] or value


def changelist_pages(request, model, model_admin):
    """(kind, params) of every changelist page worth timing for one admin."""
    yield "changelist", {}
    count = model._default_manager.count()
    if count > model_admin.list_per_page:
        yield "last page", {"p": str(-(-count // model_admin.list_per_page))}
    for field in model_admin.get_search_fields(request):
        term = search_term(model, field)
        if term:
            yield "search", {"q": term}
        if term and not field.startswith("="):
            for length in (1, 2, 3):
                yield "search", {"q": term.strip()[:length]}
    changelist = model_admin.get_changelist_instance(request)
    for spec in changelist.filter_specs:
        choice = next(
            (c for c in spec.choices(changelist) if not c["selected"] and c.get("query_string")), None
        )
        if choice:
            yield "filter", dict(parse_qsl(choice["query_string"].lstrip("?")))
    if changelist.filter_specs:
        yield "facets", {"_facets": "True"}
    if model_admin.date_hierarchy:
        field = model_admin.date_hierarchy
        day = middle_value(model, field)
        if day is not None:
            yield "date", {f"{field}__year": day.year}
            yield "date", {f"{field}__year": day.year, f"{field}__month": day.month}
            yield "date", {f"{field}__year": day.year, f"{field}__month": day.month, f"{field}__day": day.day}
    for index, name in enumerate(changelist.list_display):
        if name != "action_checkbox" and changelist.get_ordering_field(name) is not None:
            yield "sort", {"o": str(index)}


def pages(request, model, model_admin):
    """(kind, url, params) of every page of one admin."""
    from django.urls import reverse

    opts = model._meta
    name = f"admin:{opts.app_label}_{opts.model_name}"
    for kind, params in changelist_pages(request, model, model_admin):
        yield kind, reverse(f"{name}_changelist"), params
    yield "after write", reverse(f"{name}_changelist"), {}
    pk = middle_value(model, "pk")
    if pk is not None:
        yield "change form", reverse(f"{name}_change", args=[pk]), {}
    if model_admin.has_add_permission(request):
        yield "add form", reverse(f"{name}_add"), {}
    for field in model_admin.get_autocomplete_fields(request):
        params = {
            "app_label": opts.app_label,
            "model_name": opts.model_name,
            "field_name": field,
            "term": "a",
        }
        yield "autocomplete", reverse("admin:autocomplete"), params


def touch(model):
    """A write to the model's table that changes no row: its change marker moves, so its counts are voided."""
    from django.db import connection

    table = connection.ops.quote_name(model._meta.db_table)
    pk = connection.ops.quote_name(model._meta.pk.column)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET {pk} = {pk} WHERE {pk} = (SELECT MIN({pk}) FROM {table})")


def admin_timings(only="", kinds=KINDS, repeat=3):
    """[((total ms, SQL ms, queries), kind, model label, URL)] of every page of the admins whose
    ``app_label.model`` starts with ``only``, signed in as a superuser."""
    from django.contrib import admin
    from django.contrib.auth import get_user_model
    from django.test import Client, RequestFactory

    user, _ = get_user_model().objects.get_or_create(
        username="admin-benchmark", defaults={"is_staff": True, "is_superuser": True}
    )
    client = Client()
    client.force_login(user)
    timings = []
    for model, model_admin in admin.site._registry.items():
        label = f"{model._meta.app_label}.{model._meta.model_name}"
        if not label.startswith(only):
            continue
        request = RequestFactory().get("/")
        request.user = user
        for kind, url, params in pages(request, model, model_admin):
            if kind in kinds:
                before = (lambda model=model: touch(model)) if kind == "after write" else None
                ms = timed(client, url, params, repeat, before)
                if ms is not None:
                    timings.append((ms, kind, label, f"{url}?{urlencode(params)}" if params else url))
    return timings


def load():
    return "load average " + ", ".join(f"{value:.2f}" for value in os.getloadavg())


def report(timings, top):
    """The slowest ``top`` pages, then each kind's slowest and whether it meets the target."""
    print(f"\nSlowest {top} (of {len(timings)} pages):")
    print(f"{'total':>8}    {'SQL':>6}    queries  {'kind':<12} {'model':<32} URL")
    for (ms, sql, queries), kind, label, url in sorted(timings, reverse=True)[:top]:
        print(f"{ms:8.1f} ms {sql:6.1f} ms {queries:5}    {kind:<12} {label:<32} {url}")
    by_kind = defaultdict(list)
    for (ms, sql, _), kind, label, url in timings:
        by_kind[kind].append((ms, sql, label, url))
    print(f"\nBy kind (target: every page within {TARGET_MS} ms):")
    for kind in KINDS:
        if by_kind[kind]:
            ms, sql, label, _ = max(by_kind[kind])
            over = sum(1 for t in by_kind[kind] if t[0] > TARGET_MS)
            verdict = "met" if not over else f"{over} over"
            print(
                f"  {kind:<12} {len(by_kind[kind]):4} pages, slowest {ms:6.1f} ms ({sql:5.1f} SQL) {label}:",
                verdict,
            )
    over = [t for t in timings if t[0][0] > TARGET_MS]
    print(f"{len(timings)} pages, {len(over)} over {TARGET_MS} ms")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--only", default="", help="time only the admins whose app_label.model starts so")
    parser.add_argument("--top", type=int, default=10, help="how many of the slowest pages to list")
    parser.add_argument("--kinds", default=",".join(KINDS), help="comma-separated kinds of page to time")
    args = parser.parse_args()
    kinds = set(args.kinds.split(","))
    setup(unthrottled=True)
    from django.db import connection

    if connection.vendor != "postgresql":
        sys.exit("Run the benchmark on PostgreSQL (set DATABASE_URL).")
    print(f"Before: {load()}")
    timings = admin_timings(args.only, kinds, args.repeat)
    print(f"After: {load()}")
    report(timings, args.top)


if __name__ == "__main__":
    main()
