"""Every error as JSON, never an HTML page; an unreachable database as 503, never a 500; a sync
from before what the service still keeps as 410 Gone."""

from django.db import InterfaceError, OperationalError
from django.http import JsonResponse
from rest_framework import status
from rest_framework.exceptions import APIException

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


class FullResyncRequired(APIException):
    """410 Gone: the changes asked for start before what the service still keeps.

    Answering the request would silently leave out what was purged, so the client is told to
    start again, as Microsoft Graph's delta links answer 410 ``syncStateNotFound`` and Google's
    sync tokens 410 "full sync required". ``purged`` names what is gone, and since when.
    """

    status_code = status.HTTP_410_GONE
    default_code = "full_resync_required"

    def __init__(self, purged: str):
        super().__init__(
            f"{purged} are no longer kept, and this request's lower bound lies before them: an "
            "incremental sync from it would miss them. A full resync is needed: read every endpoint "
            "again without a modified_date, created_date or id lower bound, then resume incremental "
            "syncs from the time that full resync began."
        )
