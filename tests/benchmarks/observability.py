"""What metrics and request logging cost: microseconds per request and per query (run by hand).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/akinon_scale \\
        .venv/bin/python -m tests.benchmarks.observability

The end-to-end export benchmark (tests/benchmarks/export.py) cannot see a few
microseconds on a shared machine whose speed drifts by tens of percent, so this
one times the pieces in one process: ``ObservabilityMiddleware`` around a view
that resolves its URL and returns a 1000-row page (request id, query wrapper, metrics, and
the JSON log line written to a discarded stream), against the same view
without it; and a ``SELECT 1`` with and without the query-counting wrapper.
Best of ``--repeat`` runs of ``--requests`` calls each.
"""

import argparse
import io
import logging
import logging.config
import time

from tests.benchmarks.export import setup


def best_per_call(function, calls, repeat):
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(calls):
            function()
        best = min(best, (time.perf_counter() - start) / calls)
    return best


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    setup()
    from django.conf import settings
    from django.db import connection
    from django.test import RequestFactory
    from django.urls import resolve
    from rest_framework.response import Response

    from api.ops.middleware import ObservabilityMiddleware, QueryTimer
    from config.logs import logging_config

    page = Response({"next": None, "results": [{"id": index} for index in range(1000)]})
    request = RequestFactory().get("/api/v1/oms/districts/list-simple/", HTTP_X_REQUEST_ID="bench-1")

    def view(request):
        request.resolver_match = resolve(request.path_info)
        return page

    plain = best_per_call(lambda: view(request), args.requests, args.repeat)
    print(f"reference, resolving the URL once: {plain * 1e6:6.1f} µs")
    middleware = ObservabilityMiddleware(view)
    for log_format in ("text", "json"):
        config = logging_config(log_format, "INFO")
        config["handlers"]["console"]["stream"] = io.StringIO()
        logging.config.dictConfig(config)
        observed = best_per_call(lambda: middleware(request), args.requests, args.repeat)
        print(f"middleware, LOG_FORMAT={log_format}: {(observed - plain) * 1e6:6.1f} µs per request")
    logging.config.dictConfig(settings.LOGGING)

    with connection.cursor() as cursor:

        def select():
            cursor.execute("SELECT 1")

        bare = best_per_call(select, args.requests // 4, args.repeat)
        with connection.execute_wrapper(QueryTimer()):
            wrapped = best_per_call(select, args.requests // 4, args.repeat)
    print(
        f"query wrapper: {(wrapped - bare) * 1e6:6.1f} µs per query "
        f"(SELECT 1 on {connection.vendor}: {bare * 1e6:.0f} µs bare)"
    )


if __name__ == "__main__":
    main()
