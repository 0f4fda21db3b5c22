"""Concurrent requests per API user, so that one user's heavy requests cannot hold every worker.

A rate limit counts requests per minute; it does not stop one user from
starting eight 10-second Excel exports at once, which would hold every worker
process while other clients' 10-row pages wait. This middleware counts each
caller's requests in flight, whichever of its tokens they carry (the caller is
``API_CONCURRENCY_CALLER``'s answer, the token's user: a user with many tokens
gets no more slots), in the shared cache (so that every worker process
sees the same counts) and answers 429 with ``Retry-After`` beyond a limit: one
for all requests, a smaller one for heavy ones (CSV or Excel, or pages of more
than ``API_LIGHT_PAGE_SIZE`` rows, and the whole-table exports, NDJSON and
Parquet). A request holds its slots until the server has sent its response (a streamed export's
until its stream ends). Like Stripe's concurrency limiter. If the cache cannot be reached the
request is served (fail open), as throttling does.

The slots are taken once the URL is resolved (``process_view``), so that the same round trip
counts the user's rate when the view's throttles would (api/ops/throttling.py's
``rate_counters``), after the slots and only if they were free: a page costs two round trips, the
slots and the rate before the view, their release after the response. Their keys name the caller
by digest.
"""

import contextlib
import logging
from functools import partial

from django.conf import settings
from django.http import JsonResponse
from django.utils.module_loading import import_string

from api.exceptions import DATABASE_ERRORS, database_unavailable
from api.ops.cache import Counted, Counter, count_all, digest, uncount
from api.ops.throttling import counted_ahead, not_taken, rate_counters

# The logger keeps the name it had before api/ had packages: log filters select on it.
logger = logging.getLogger("api.concurrency")

# Where a request keeps the keys of the slots it holds.
SLOTS = "_concurrency_slots"
HEAVY_FORMATS = ("csv", "xls", "ndjson", "parquet")
HEAVY_MEDIA_TYPES = ("text/csv", "application/xls", "application/x-ndjson", "application/vnd.apache.parquet")


def is_heavy(request) -> bool:
    """A CSV, Excel or export rendering, or a page of more than ``API_LIGHT_PAGE_SIZE`` rows."""
    if request.GET.get("format") in HEAVY_FORMATS:
        return True
    if any(media_type in request.headers.get("Accept", "") for media_type in HEAVY_MEDIA_TYPES):
        return True
    for param in ("page_size", "limit"):
        size = request.GET.get(param, "")
        if size.isdigit() and int(size) > settings.API_LIGHT_PAGE_SIZE:
            return True
    return False


class ConcurrencyLimitMiddleware:
    """Limits the requests a caller has in flight, and counts its rate in the same round trip; see the
    module docstring."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            response = self.get_response(request)
        except BaseException:
            release_held(request)
            raise
        if SLOTS in request.__dict__:
            # The slots go when the server closes the response, once it has sent the body (or the client
            # dropped it): a streamed export runs after this returns, a slow reader holds its worker until
            # it has read the page, and a walk's next request need not wait for the release's round trip.
            # (Django's closers, run by HttpResponseBase.close.)
            response._resource_closers.append(partial(release_held, request))
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        try:
            caller = caller_of(request)
        except DATABASE_ERRORS:
            # The view would answer the same; a middleware's exception would be a 500.
            return database_unavailable(request)
        if caller is None:
            return None
        slots = [("all", settings.API_CONCURRENT_REQUESTS_PER_TOKEN)]
        if is_heavy(request):
            slots.append(("heavy", settings.API_CONCURRENT_HEAVY_PER_TOKEN))
        rates = rate_counters(view_func, caller)
        timeout = settings.API_CONCURRENCY_SLOT_TIMEOUT  # frees the slots a killed worker never released
        counters = [Counter(f"concurrency:{kind}:{digest(caller)}", timeout, limit) for kind, limit in slots]
        counted = count_or_none(counters + rates)
        if counted is None:
            return None
        if counted.refused is not None:
            return too_many(*slots[counted.refused])
        request.__dict__[SLOTS] = [counter.key for counter in counters]
        counted_ahead(request, rates, counted.counts[len(counters) :])
        return None


def release_held(request) -> None:
    """Release the slots ``request`` holds, and take back the rate it counted ahead that no throttle took
    (the request was refused before its throttles ran)."""
    keys = [*request.__dict__.pop(SLOTS, ()), *not_taken(request)]
    if keys:
        release(*keys)


def caller_of(request) -> str | None:
    """Whom an API request counts against (never a key: it names a cache entry), or ``None``."""
    if not request.path.startswith("/api/"):
        return None
    return import_string(settings.API_CONCURRENCY_CALLER)(request)


def acquire(key: str, limit: int) -> bool:
    """Take one of ``limit`` slots (one cache round trip); ``True`` also when the cache is down (fail
    open)."""
    counted = count_or_none([Counter(key, settings.API_CONCURRENCY_SLOT_TIMEOUT, limit)])
    return counted is None or counted.refused is None


def count_or_none(counters: list[Counter]) -> Counted | None:
    """``count_all(counters)``, or ``None`` when the cache fails: the request is then served without a
    limit (fail open)."""
    try:
        return count_all(counters)
    except Exception:
        logger.warning("Concurrency limiter: cache unavailable, serving without a limit", exc_info=True)
        return None


def release(*keys: str) -> None:
    with contextlib.suppress(Exception):  # the cache is down: nothing to release
        uncount(*keys)


def too_many(kind: str, limit: int) -> JsonResponse:
    what = "heavy requests (CSV, Excel, exports or large pages)" if kind == "heavy" else "requests"
    response = JsonResponse(
        {"detail": f"Too many concurrent {what} for this user: at most {limit} at a time."}, status=429
    )
    response["Retry-After"] = str(settings.API_CONCURRENCY_RETRY_AFTER)
    return response
