"""Deleted-items retention benchmark: a purge at volume, and what the 410 check costs a page.

Run by hand on PostgreSQL (never part of the test suite); it replaces the database's deleted
items and purge records:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/akinon_bench \\
        .venv/bin/python -m tests.benchmarks.purge [--rows 300000] [--repeat 300]

Seeds ``--rows`` deleted items, one every 86.4 s up to now (so a 30-day retention purges all but
the last 30,000 of 300,000), and runs ``purge_deleted_items`` in process: its time, batches and
the process's peak memory. Then a deleted-items page with a lower bound, with the check and
without it (``check_kept`` replaced by a no-op), asked alternately; each figure the median of
``--repeat`` requests.
"""

import argparse
import os
import resource
import statistics
import time
from io import StringIO

from tests.benchmarks.export import setup

SECONDS_APART = 86.4


def seed(rows):
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection

    from api.sync.stamping import chosen_timestamps
    from datawarehouse.tracking.models import DeletedItem, DeletedItemPurge
    from sales_channels.models import Channel

    DeletedItem.objects.all().delete()
    DeletedItemPurge.objects.all().delete()
    channel = Channel.objects.first() or Channel.objects.create(name="bench")
    content_type = ContentType.objects.get_for_model(Channel)
    with connection.cursor() as cursor, chosen_timestamps():
        cursor.execute(
            "INSERT INTO dw_tracking_deleteditem (channel_id, object_id, deleted_date, content_type_id) "
            "SELECT %s, g::text, now() - (%s - g) * %s * interval '1 second', %s "
            "FROM generate_series(1, %s) g",
            [channel.pk, rows, SECONDS_APART, content_type.pk, rows],
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE dw_tracking_deleteditem")
    return channel


def paired_ms(client, url, params, repeat, check):
    """Median ms of a page without the check and with it, the two asked alternately (drift hits both)."""
    from datawarehouse.tracking import filters

    times = {None: [], check: []}
    for _ in range(repeat):
        for variant in times:
            filters.check_kept = variant or (lambda bounds: None)
            began = time.perf_counter()
            response = client.get(url, params)
            times[variant].append(time.perf_counter() - began)
            assert response.status_code == 200, response.content
    filters.check_kept = check
    return [statistics.median(variant) * 1000 for variant in times.values()]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=300_000)
    parser.add_argument("--days", type=int, default=30, help="the retention")
    parser.add_argument("--repeat", type=int, default=300)
    args = parser.parse_args()
    os.environ.setdefault("SECRET_KEY", "purge-benchmark-" + os.urandom(24).hex())
    setup(unthrottled=True)

    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import Client

    from authentication.models import APIToken
    from datawarehouse.tracking import filters
    from datawarehouse.tracking.models import DeletedItemPurge

    channel = seed(args.rows)
    settings.API_DELETED_ITEMS_RETENTION_DAYS = args.days
    out, began = StringIO(), time.perf_counter()
    call_command("purge_deleted_items", stdout=out)
    elapsed = time.perf_counter() - began
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{out.getvalue().strip()} {elapsed:.2f} s; peak memory of the process {peak_mb:.0f} MB")

    user, _ = get_user_model().objects.get_or_create(username="purge-bench", defaults={"is_staff": True})
    key = APIToken.objects.mint(user, "benchmark " + str(APIToken.objects.count()))[1]
    client = Client(HTTP_AUTHORIZATION=f"Token {key}")
    url = f"/api/v1/remote/{channel.pk}/data-warehouse/deleted-items/"
    params = {"modified_date__gt": DeletedItemPurge.objects.get().cutoff.isoformat(), "page_size": 100}
    for round_ in range(3):
        without, with_check = paired_ms(client, url, params, args.repeat, filters.check_kept)
        change = (with_check / without - 1) * 100
        print(
            f"round {round_}: a 100-row page {without:.2f} ms without the check, "
            f"{with_check:.2f} with it ({change:+.1f}%)"
        )


if __name__ == "__main__":
    main()
