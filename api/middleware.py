"""The outermost middleware: what each request cost (metrics), and ``/metrics`` itself.

It wraps the whole stack, so its duration includes every other middleware (gzip,
sessions, authentication) and its query count every query a request ran,
counted by a connection ``execute_wrapper`` (two additions per query).
"""

from contextlib import ExitStack
from time import perf_counter

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

from api.metrics import metrics_view, record_request

# Any other method a client invents is counted as "other": labels stay a bounded set.
METHODS = frozenset({"GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE"})


class QueryTimer:
    """A connection ``execute_wrapper`` that counts queries and adds up their time."""

    __slots__ = ("count", "seconds")

    def __init__(self):
        self.count = 0
        self.seconds = 0.0

    def __call__(self, execute, sql, params, many, context):
        start = perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.count += 1
            self.seconds += perf_counter() - start


def rows_served(response) -> int:
    """The rows of a list page (JSON, CSV or Excel: the same ``results``); 0 for anything else."""
    data = getattr(response, "data", None)
    results = data.get("results") if isinstance(data, dict) else None
    return len(results) if isinstance(results, list) else 0


class ObservabilityMiddleware:
    """Serves ``GET /metrics`` before host checks, redirects and authentication; measures the rest."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "GET" and request.path_info.rstrip("/") == "/metrics":
            return metrics_view(request)
        start, timer = perf_counter(), QueryTimer()
        with ExitStack() as wrappers:
            for alias in {DEFAULT_DB_ALIAS, settings.API_READ_DATABASE}:
                wrappers.enter_context(connections[alias].execute_wrapper(timer))
            response = self.get_response(request)
        match = request.resolver_match
        record_request(
            match.route if match else None,
            request.method if request.method in METHODS else "other",
            response.status_code,
            perf_counter() - start,
            rows_served(response),
            timer.count,
            timer.seconds,
        )
        return response
