"""The outermost middleware: each request's id, what it cost (metrics, log line), and ``/metrics``.

It wraps the whole stack, so its duration includes every other middleware (gzip,
sessions, authentication) and its query count every query a request ran,
counted by a connection ``execute_wrapper`` (two additions per query). The
request id goes back in the ``X-Request-ID`` header of every response, errors
included; error bodies keep exactly their documented keys.
"""

from contextlib import ExitStack
from time import perf_counter

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

from api.ops.metrics import metrics_view, record_request, route_label
from api.ops.replica import served_by
from api.ops.request_log import HEADER, current_request_id, log_request, request_id_of

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
        request_id = request.request_id = request_id_of(request)
        if request.method == "GET" and request.path_info.rstrip("/") == "/metrics":
            response = metrics_view(request)
        else:
            context = current_request_id.set(request_id)
            try:
                response = self.measure(request)
            finally:
                current_request_id.reset(context)
        response[HEADER] = request_id
        return response

    def measure(self, request):
        start, timer = perf_counter(), QueryTimer()
        served = served_by.set(None)
        try:
            with ExitStack() as wrappers:
                for alias in {DEFAULT_DB_ALIAS, *settings.API_READ_DATABASES}:
                    wrappers.enter_context(connections[alias].execute_wrapper(timer))
                response = self.get_response(request)
            database = served_by.get()
        finally:
            served_by.reset(served)
        seconds, rows = perf_counter() - start, rows_served(response)
        match = request.resolver_match
        route = route_label(match.route if match else None)
        method = request.method if request.method in METHODS else "other"
        status = response.status_code
        record_request(route, method, status, seconds, rows, timer.count, timer.seconds, database)
        log_request(request, route, method, status, seconds, rows, timer.count, timer.seconds, database)
        return response
