"""Request ids, and the one log line per request that ``LOG_FORMAT=json`` writes.

A request id comes from the caller's ``X-Request-ID`` when it is short and made
of safe characters (so that nobody can inject a line break or a megabyte into
the logs), else it is made here; the response echoes it in its header. While a
request is served every log record carries its id (``RequestIdFilter``).
"""

import logging
import re
import uuid
from contextvars import ContextVar

from django.utils.functional import empty

HEADER = "X-Request-ID"
SAFE_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")

current_request_id: ContextVar[str | None] = ContextVar("request_id", default=None)
request_logger = logging.getLogger("api.requests")


def request_id_of(request) -> str:
    given = request.META.get("HTTP_X_REQUEST_ID", "")
    return given if SAFE_ID.fullmatch(given) else uuid.uuid4().hex


def user_id_of(request):
    """The authenticated user's id, without loading a user nobody asked for.

    ``request.user`` stays Django's lazy object until something (DRF's authentication,
    the admin) resolves it; a request that never did has no user worth a query.
    """
    user = getattr(request, "user", None)
    if getattr(user, "_wrapped", None) is empty:
        return None
    return user.pk if user is not None and user.is_authenticated else None


def log_request(request, route, method, status, seconds, rows, queries, query_seconds, database=None):
    """One line per request: what was asked, by whom, what it cost. Never a header or a token."""
    if not request_logger.isEnabledFor(logging.INFO):
        return
    request_logger.info(
        "request",
        extra={
            "request_id": request.request_id,
            "route": route,
            "method": method,
            "status": status,
            "duration_ms": round(seconds * 1000, 2),
            "rows": rows,
            "queries": queries,
            "db_ms": round(query_seconds * 1000, 2),
            # primary or replica: which served the request's reporting read (None: it made none).
            "database": database,
            "user_id": user_id_of(request),
        },
    )


class RequestIdFilter(logging.Filter):
    """Adds the id of the request being served (or None) to every record a handler writes."""

    def filter(self, record):
        if not hasattr(record, "request_id"):
            record.request_id = current_request_id.get()
        return True
