"""Sort benchmark: every order of every large endpoint, page 1 against a deep page, and its plan.

Run by hand on PostgreSQL with volume data (never part of the test suite):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/akinon_bench \\
        .venv/bin/python -m tests.benchmarks.sorts [--page-size 1000] [--min-rows 10000]

For each endpoint whose rows (in channel 1 where it is channel-scoped) number
at least ``--min-rows``, and each order it serves (the default and every
accepted ``sort`` value, both directions), it times through HTTP (Django's test
client, in process, best of ``--repeat``): page 1 in page mode, the page at 90%
of the walk (page 90 of 100) in page mode, and a cursor page at that same depth;
and prints PostgreSQL's plan for a page of that order. It ends with the worst
deep/first ratio (target: at most 2) and any plan that sorts.
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


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--page-size", type=int, default=1000)
    parser.add_argument("--min-rows", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    setup(unthrottled=True)
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client

    from api.pagination import encode_cursor, keyset_ordering
    from authentication.models import APIToken
    from tests.contract.endpoints import ENDPOINTS
    from tests.contract.sort_plans import ordered_queryset, plan, plan_type, served_orders, sorts_rows

    if connection.vendor != "postgresql":
        sys.exit("Run the benchmark on PostgreSQL (set DATABASE_URL).")
    user, _ = get_user_model().objects.get_or_create(username="benchmark", defaults={"is_staff": True})
    key = APIToken.objects.mint(user, "benchmark " + str(APIToken.objects.count()))[1]
    client = Client(HTTP_AUTHORIZATION=f"Token {key}")
    size = args.page_size
    print(f"{'endpoint':<32} {'sort':<15} {'rows':>7} {'page 1':>8} {'deep':>8} {'cursor':>8} ratio  plan")
    worst, sorted_plans = (0.0, None), []
    for endpoint in ENDPOINTS:
        rows = ordered_queryset(endpoint, None, 1).count()
        if rows < args.min_rows:
            continue
        url = endpoint.url(1)
        client.get(url, {"page_size": 1})  # warm-up: imports, row plan
        for sort in served_orders(endpoint):
            queryset = ordered_queryset(endpoint, sort, 1)
            params = {"page_size": size, **({"sort": sort} if sort else {})}
            deep_page = max(1, math.ceil(math.ceil(rows / size) * 0.9))
            first = best(args.repeat, client, url, params)
            deep = best(args.repeat, client, url, {**params, "page": deep_page})
            try:
                ordering = keyset_ordering(queryset)
            except Exception:  # a nullable sort key: no cursor mode
                cursor = math.nan
            else:
                key = queryset.values_list(*(name for name, _ in ordering))[(deep_page - 1) * size]
                token = encode_cursor(ordering, key)
                cursor = best(args.repeat, client, url, {**params, "cursor": token})
            text = plan(queryset, size)
            if sorts_rows(text):
                sorted_plans.append(f"{endpoint} {sort or 'default'}")
            ratio = deep / first
            worst = max(worst, (ratio, f"{endpoint} {sort or 'default'}"))
            print(
                f"{endpoint!s:<32} {sort or 'default':<15} {rows:>7} {first:>6.1f}ms {deep:>6.1f}ms "
                f"{cursor:>6.1f}ms {ratio:5.2f}  {plan_type(text)}"
            )
    verdict = "met" if worst[0] <= 2 else "MISSED"
    print(f"worst deep/first ratio: {worst[0]:.2f} ({worst[1]}); target at most 2: {verdict}")
    print("plans that sort: " + (", ".join(sorted_plans) or "none"))


if __name__ == "__main__":
    main()
