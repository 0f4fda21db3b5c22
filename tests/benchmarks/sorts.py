"""Sort benchmark: every order of every large endpoint, page 1 against a deep page, and its plan.

Run by hand on PostgreSQL with volume data (never part of the test suite):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/akinon_bench \\
        .venv/bin/python -m tests.benchmarks.sorts [--page-size 1000] [--min-rows 10000]

For each endpoint whose rows (in channel 1 where it is channel-scoped) number
at least ``--min-rows``, and each order it serves (the default and every
accepted ``sort`` value, both directions), it times through HTTP (Django's test
client, in process, best of ``--repeat``): page 1 in page mode, the page at 90%
of the walk (page 90 of 100) in page mode by its number and as ``next`` reaches it
(``seek``), and a cursor page at that same depth; and prints PostgreSQL's plan
for a page of that order. It ends with the worst deep/first ratio (target: at most 2) and any plan that sorts.
"""

import argparse
import math
import sys
import time

from tests.benchmarks.export import setup


def best(repeat, client, url, params):
    """The fastest of ``repeat`` GETs of ``url``, in ms (each must answer 200)."""
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        response = client.get(url, params)
        times.append((time.perf_counter() - began) * 1000)
        assert response.status_code == 200, response.content[:500]
    return min(times)


def client_for_benchmark():
    """A test client signed in with a fresh token of the benchmark user."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    from authentication.models import APIToken

    user, _ = get_user_model().objects.get_or_create(username="benchmark", defaults={"is_staff": True})
    key = APIToken.objects.mint(user, "benchmark " + str(APIToken.objects.count()))[1]
    return Client(HTTP_AUTHORIZATION=f"Token {key}")


def order_timings(client, endpoint, sort, rows, size, repeat):
    """One order's ms: page 1, the page at 90% of the walk by number, the same page reached through
    ``next`` (page mode's ``seek``) and through the cursor (``nan`` for a sort that cannot seek)."""
    from api.pagination import encode_cursor, keyset_ordering
    from tests.contract.sort_plans import ordered_queryset

    url = endpoint.url(1)
    queryset = ordered_queryset(endpoint, sort, 1)
    params = {"page_size": size, **({"sort": sort} if sort else {})}
    deep_page = max(1, math.ceil(math.ceil(rows / size) * 0.9))
    timings = {
        "page 1": best(repeat, client, url, params),
        "by number": best(repeat, client, url, {**params, "page": deep_page}),
    }
    try:
        ordering = keyset_ordering(queryset)
    except Exception:  # a nullable sort key: no cursor mode, no seek
        timings["through next"] = timings["cursor"] = math.nan
        return timings
    # The key of the row before the deep page: ``next`` of the page before it carries that.
    key = queryset.values_list(*(name for name, _ in ordering))[(deep_page - 1) * size - 1]
    token = encode_cursor(ordering, key)
    timings["through next"] = best(repeat, client, url, {**params, "page": deep_page, "seek": token})
    timings["cursor"] = best(repeat, client, url, {**params, "cursor": token})
    return timings


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--page-size", type=int, default=1000)
    parser.add_argument("--min-rows", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    setup(unthrottled=True)
    from django.db import connection

    from tests.contract.endpoints import ENDPOINTS
    from tests.contract.sort_plans import ordered_queryset, plan, plan_type, served_orders, sorts_rows

    if connection.vendor != "postgresql":
        sys.exit("Run the benchmark on PostgreSQL (set DATABASE_URL).")
    client = client_for_benchmark()
    size = args.page_size
    print(
        f"{'endpoint':<32} {'sort':<15} {'rows':>7} {'page 1':>8} {'number':>8} {'next':>8} {'cursor':>8} "
        "ratio  plan"
    )
    worst, sorted_plans = (0.0, None), []
    for endpoint in ENDPOINTS:
        rows = ordered_queryset(endpoint, None, 1).count()
        if rows < args.min_rows:
            continue
        client.get(endpoint.url(1), {"page_size": 1})  # warm-up: imports, row plan
        for sort in served_orders(endpoint):
            timings = order_timings(client, endpoint, sort, rows, size, args.repeat)
            text = plan(ordered_queryset(endpoint, sort, 1), size)
            if sorts_rows(text):
                sorted_plans.append(f"{endpoint} {sort or 'default'}")
            first, deep = timings["page 1"], timings["by number"]
            ratio = deep / first
            worst = max(worst, (ratio, f"{endpoint} {sort or 'default'}"))
            seek, cursor = timings["through next"], timings["cursor"]
            print(
                f"{endpoint!s:<32} {sort or 'default':<15} {rows:>7} {first:>6.1f}ms {deep:>6.1f}ms "
                f"{seek:>6.1f}ms {cursor:>6.1f}ms {ratio:5.2f}  {plan_type(text)}"
            )
    verdict = "met" if worst[0] <= 2 else "MISSED"
    print(f"worst deep/first ratio: {worst[0]:.2f} ({worst[1]}); target at most 2: {verdict}")
    print("plans that sort: " + (", ".join(sorted_plans) or "none"))


if __name__ == "__main__":
    main()
