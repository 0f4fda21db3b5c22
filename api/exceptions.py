"""Every error as JSON, never an HTML page; an unreachable database as 503, never a 500."""

from django.db import InterfaceError, OperationalError
from django.http import JsonResponse

# What losing the database raises (refused or dropped connections, a server shutting down); each
# request tries again, and Django drops a broken persistent connection at the end of the request.
DATABASE_ERRORS = (OperationalError, InterfaceError)
# Seconds a client is asked to wait: long enough for a database restart or a failover.
RETRY_AFTER_SECONDS = 5


def not_found(request, exception=None):
    return JsonResponse({"detail": "Not found."}, status=404)


def server_error(request):
    return JsonResponse({"detail": "Server error."}, status=500)


def bad_request(request, exception=None):
    return JsonResponse({"detail": "Bad request."}, status=400)


def permission_denied(request, exception=None):
    return JsonResponse({"detail": "You do not have permission to perform this action."}, status=403)


def database_unavailable(request):
    return JsonResponse(
        {"detail": "The database is unavailable; retry later."},
        status=503,
        headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
    )


class DatabaseUnavailableMiddleware:
    """Answers 503 with ``Retry-After`` when a view (API, admin, sign-in) cannot reach the database."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, DATABASE_ERRORS):
            return database_unavailable(request)
        return None
