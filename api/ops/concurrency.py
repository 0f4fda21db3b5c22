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
"""

import contextlib
import logging
from functools import partial

from django.conf import settings
from django.http import JsonResponse
from django.utils.module_loading import import_string

from api.exceptions import DATABASE_ERRORS, database_unavailable
from api.ops.cache import count_all, uncount

# The logger keeps the name it had before api/ had packages: log filters select on it.
logger = logging.getLogger("api.concurrency")

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
    """Limits the requests a caller has in flight; see the module docstring."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            caller = caller_of(request)
        except DATABASE_ERRORS:
            # The view would answer the same; a middleware's exception would be a 500.
            return database_unavailable(request)
        if caller is None:
            return self.get_response(request)
        slots = [("all", settings.API_CONCURRENT_REQUESTS_PER_TOKEN)]
        if is_heavy(request):
            slots.append(("heavy", settings.API_CONCURRENT_HEAVY_PER_TOKEN))
        keys = [f"concurrency:{kind}:{caller}" for kind, _ in slots]
        refused = acquire_all(keys, [limit for _, limit in slots])
        if refused is not None:
            return too_many(*slots[refused])
        try:
            response = self.get_response(request)
        except BaseException:
            release(*keys)
            raise
        # The slots go when the server closes the response, once it has sent the body (or the client
        # dropped it): a streamed export runs after this returns, a slow reader holds its worker until
        # it has read the page, and a walk's next request need not wait for the release's round trip.
        # (Django's closers, run by HttpResponseBase.close.)
        response._resource_closers.append(partial(release, *keys))
        return response


def caller_of(request) -> str | None:
    """Whom an API request counts against (never a key: it names a cache entry), or ``None``."""
    if not request.path.startswith("/api/"):
        return None
    return import_string(settings.API_CONCURRENCY_CALLER)(request)


def acquire(key: str, limit: int) -> bool:
    """Take one of ``limit`` slots (one cache round trip; two when refused); ``True`` also when the
    cache is down (fail open)."""
    return acquire_all([key], [limit]) is None


def acquire_all(keys: list[str], limits: list[int]) -> int | None:
    """Take a slot of each of ``keys`` at once (one cache round trip; two when refused): the position
    of the first over its limit (and none taken), or ``None``, also when the cache is down (fail open)."""
    try:
        # The timeout frees slots a killed worker never released.
        counts = count_all(keys, settings.API_CONCURRENCY_SLOT_TIMEOUT)
        over = [counted.value > limit for counted, limit in zip(counts, limits, strict=True)]
        if not any(over):
            return None
        uncount(*keys)
        return over.index(True)
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
