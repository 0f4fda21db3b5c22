"""Load test: 50 concurrent clients for 60 seconds against the production server, on loopback.

Run by hand on PostgreSQL with volume data (``generate_data --scale 100000``):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/akinon_bench \\
        .venv/bin/python -m tests.benchmarks.load [--clients 50] [--seconds 60]

It starts gunicorn with config/gunicorn.conf.py (DEBUG off, Redis throttle
counters when CACHE_URL is set, rates raised so that the test measures the
service, not its limits), runs the clients against 127.0.0.1 only, mixing list
pages, filtered queries, deep pages, cursor pages and CSV exports, and prints
throughput, p50/p99 latency and errors. It exits non-zero on any error.

With ``--exports N`` it measures starvation instead: N clients of one token
each repeat a 1000-row Excel export of order items (waiting ``Retry-After`` when
the concurrency limit answers 429, as a client should), while ``--clients``
clients of another token read 10-row pages; the 10-row pages' p99 is the
figure (target: under 300 ms, no errors).
"""

import argparse
import http.client
import os
import random
import statistics
import sys
import threading
import time
from collections import Counter

from tests.benchmarks.export import UNLIMITED_CONCURRENCY, UNTHROTTLED, free_port, setup


def request_mix(channel_id, district_pages, product_pages):
    """(label, path) generators; each call returns a path with fresh parameters.

    ``district_pages``: how many 100-row pages the districts fill (deep pages are their last fifth);
    ``product_pages``: how many 50-row pages the channel's products fill.
    """
    dw = f"/api/v1/remote/{channel_id}/data-warehouse"
    first_pages, deep_pages = min(50, district_pages), (max(1, district_pages * 4 // 5), district_pages)
    return [
        (
            "list page",
            lambda r: f"/api/v1/oms/districts/list-simple/?page={r.randrange(1, first_pages)}&page_size=100",
        ),
        (
            "filtered",
            lambda r: f"/api/v1/oms/districts/?city={r.randrange(1, 243)}&modified_date__gte=2023-01-01",
        ),
        (
            "deep page",
            lambda r: f"/api/v1/oms/districts/list-simple/?page={r.randrange(*deep_pages)}&page_size=100",
        ),
        ("cursor", lambda r: "/api/v1/oms/districts/list-simple/?cursor=&page_size=500&sort=modified_date"),
        (
            "csv export",
            lambda r: f"/api/v1/oms/cities/list-simple/?format=csv&page_size=200&page={r.randrange(1, 2)}",
        ),
        ("dw orders", lambda r: f"{dw}/orders/orders/?page_size=100&modified_date__gte=2022-01-01"),
        ("dw order items", lambda r: f"{dw}/orders/order-items/?cursor=&page_size=200"),
        (
            "dw products",
            lambda r: f"{dw}/products/products/?page={r.randrange(1, product_pages)}&page_size=50",
        ),
    ]


def starvation_mix(channel_id):
    """The light requests of ``--exports`` mode: 10-row pages."""
    return [
        ("10-row page", lambda r: f"/api/v1/oms/districts/list-simple/?page={r.randrange(1, 1000)}&sort=id"),
        ("10-row dw page", lambda r: f"/api/v1/remote/{channel_id}/data-warehouse/orders/orders/?sort=id"),
    ]


def exporter(port, token, channel_id, deadline, results, seed):
    """Repeats a 1000-row Excel export; a 429 is waited out (``Retry-After``) and retried."""
    path = f"/api/v1/remote/{channel_id}/data-warehouse/orders/order-items/?format=xls&page_size=1000&page="
    rng = random.Random(seed)
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    while time.monotonic() < deadline:
        started = time.perf_counter()
        connection.request(
            "GET", path + str(rng.randrange(1, 30)), headers={"Authorization": f"Token {token}"}
        )
        response = connection.getresponse()
        response.read()
        if response.status == 429:
            results.append(("xls export (429, retried)", 200, time.perf_counter() - started))
            time.sleep(float(response.headers["Retry-After"]))
            continue
        results.append(("xls export", response.status, time.perf_counter() - started))


def data_pages(channel_id):
    """``request_mix``'s page counts for the data in the database (run inside Django)."""
    from datawarehouse.products.models import Product
    from geography.models import District

    return (
        max(District.objects.count() // 100, 2),
        max(Product.objects.filter(channel_id=channel_id).count() // 50, 2),
    )


def client(port, token, mix, deadline, results, seed):
    rng = random.Random(seed)
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Authorization": f"Token {token}"}
    while time.monotonic() < deadline:
        label, make_path = rng.choice(mix)
        started = time.perf_counter()
        try:
            connection.request("GET", make_path(rng), headers=headers)
            response = connection.getresponse()
            response.read()
            status = response.status
        except (OSError, http.client.HTTPException) as error:
            status = type(error).__name__
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        results.append((label, status, time.perf_counter() - started))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--exports", type=int, default=0, help="concurrent Excel exports of one token")
    args = parser.parse_args()
    setup()
    import subprocess

    from django.contrib.auth import get_user_model
    from django.db import connection

    from authentication.models import APIToken
    from sales_channels.models import Channel

    if connection.vendor != "postgresql":
        sys.exit("Run the load test on PostgreSQL (set DATABASE_URL).")
    user, _ = get_user_model().objects.get_or_create(username="load", defaults={"is_staff": True})
    token = APIToken.objects.mint(user, "benchmark " + str(APIToken.objects.count()))[1]
    exports_user, _ = get_user_model().objects.get_or_create(
        username="load-exports", defaults={"is_staff": True}
    )
    exports_token = APIToken.objects.mint(exports_user, "benchmark " + str(APIToken.objects.count()))[1]
    channel_id = Channel.objects.order_by("pk").values_list("pk", flat=True).first()
    pages = data_pages(channel_id)
    connection.close()

    port = free_port()
    env = {
        **os.environ,
        "DEBUG": "0",
        "BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": str(args.workers),
        **UNTHROTTLED,
        # The mixed load is one token's 50 clients; --exports mode keeps the production limits.
        **({} if args.exports else UNLIMITED_CONCURRENCY),
        "CACHE_URL": os.environ.get("CACHE_URL", "redis://127.0.0.1:6379/1"),
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.conf.py", "config.wsgi"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            try:
                http.client.HTTPConnection("127.0.0.1", port, timeout=1).request("GET", "/api/schema/")
                break
            except OSError:
                time.sleep(0.2)
        mix = starvation_mix(channel_id) if args.exports else request_mix(channel_id, *pages)
        results, deadline = [], time.monotonic() + args.seconds
        started = time.monotonic()
        exporters = [
            threading.Thread(target=exporter, args=(port, exports_token, channel_id, deadline, results, n))
            for n in range(args.exports)
        ]
        for thread in exporters:
            thread.start()
        if args.exports:
            time.sleep(2)  # the exports are running before the first light request
        threads = [
            threading.Thread(target=client, args=(port, token, mix, deadline, results, n))
            for n in range(args.clients)
        ]
        for thread in threads:
            thread.start()
        for thread in exporters + threads:
            thread.join()
        elapsed = time.monotonic() - started
    finally:
        server.terminate()
        server.wait(timeout=30)

    latencies = sorted(seconds for _, _, seconds in results)
    errors = Counter((label, status) for label, status, _ in results if status != 200)
    print(
        f"{len(results)} requests from {args.clients} clients in {elapsed:.1f} s against {args.workers} "
        f"gunicorn workers: {len(results) / elapsed:.0f} requests/s"
    )
    print(
        f"latency p50 {statistics.median(latencies) * 1000:.0f} ms, "
        f"p99 {latencies[int(len(latencies) * 0.99)] * 1000:.0f} ms"
    )
    for label in sorted({label for label, _, _ in results}):
        mine = sorted(seconds for name, _, seconds in results if name == label)
        print(
            f"  {label:<15} {len(mine):>6} requests, p50 {statistics.median(mine) * 1000:6.0f} ms, "
            f"p99 {mine[int(len(mine) * 0.99)] * 1000:6.0f} ms"
        )
    print(f"errors: {sum(errors.values())} {dict(errors) if errors else ''}")
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
