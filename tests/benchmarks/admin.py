"""Admin benchmark: every changelist, search and change form at volume, slowest first.

Run by hand on PostgreSQL with volume data (never part of the test suite):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/akinon_bench \\
        .venv/bin/python -m tests.benchmarks.admin [--repeat 2]

Through Django's test client in process, signed in as a superuser; each
figure is the fastest of ``--repeat``, with the part spent in SQL beside it
(on a busy machine the rest, Python under contention, dominates). A search
asks for a five-character piece of a real row's value of the model's first
searched field (or the whole value, for an exact ``=field``), so that it finds
something. Targets: searches under 300 ms, changelists and change forms under
200 ms.
"""

import argparse
import sys
import time

from tests.benchmarks.export import setup


def timed(client, url, params, repeat):
    """(total ms, of which SQL ms) of the fastest of ``repeat`` GETs, or ``None`` unless a 200."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times = []
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as queries:
            began = time.perf_counter()
            response = client.get(url, params)
            total = (time.perf_counter() - began) * 1000
        times.append((total, sum(float(query["time"]) for query in queries.captured_queries) * 1000))
    if response.status_code != 200:  # e.g. a proxy admin whose change form redirects
        return None
    return min(times)


def search_term(model, field: str):
    exact = field.startswith("=")
    path = field.lstrip("=^@")
    row = model._default_manager.order_by("pk").values_list(path, flat=True)
    count = model._default_manager.count()
    value = row[count // 2] if count else None
    if value is None:
        return None
    value = str(value)
    return value if exact else value[len(value) // 3 : len(value) // 3 + 5] or value


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    setup(unthrottled=True)
    from django.contrib import admin
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    if connection.vendor != "postgresql":
        sys.exit("Run the benchmark on PostgreSQL (set DATABASE_URL).")
    user, _ = get_user_model().objects.get_or_create(
        username="admin-benchmark", defaults={"is_staff": True, "is_superuser": True}
    )
    client = Client()
    client.force_login(user)
    timings = []
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        label = f"{opts.app_label}.{opts.model_name}"
        pages = [("changelist", changelist, {}, "")]
        if model_admin.search_fields:
            term = search_term(model, model_admin.search_fields[0])
            if term:
                pages.append(("search", changelist, {"q": term}, term))
        first = model._default_manager.order_by("pk").values_list("pk", flat=True).first()
        if first is not None:
            change = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[first])
            pages.append(("change form", change, {}, ""))
        for kind, url, params, term in pages:
            ms = timed(client, url, params, args.repeat)
            if ms is not None:
                timings.append((ms, kind, label, term))
    limits = {"search": 300, "changelist": 200, "change form": 200}
    print(f"{'total':>8}    {'SQL':>6}")
    for (ms, sql), kind, label, term in sorted(timings, reverse=True):
        flag = "" if ms < limits[kind] else "  OVER"
        print(f"{ms:8.1f} ms {sql:6.1f} ms  {kind:<11} {label:<40} {term}{flag}")
    over = [t for t in timings if t[0][0] >= limits[t[1]]]
    print(f"{len(timings)} pages, {len(over)} over their target")


if __name__ == "__main__":
    main()
