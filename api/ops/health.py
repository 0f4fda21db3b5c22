"""Health checks for load balancers and orchestrators: ``GET /healthz`` (alive) and ``GET /readyz`` (ready).

A middleware at the top of the stack answers them, before host validation, the
https redirect, sessions, authentication and throttling: a probe arrives over
plain HTTP with the pod's address as its Host, carries no token, and must cost
no more than the checks themselves. ``/healthz`` touches no dependency: a
process that answers it is alive, whatever the database does, so an
orchestrator never restarts workers because the database is down.
``/readyz`` says whether to send traffic: 503 when the primary is unreachable;
200 when only the replica or the cache is (the service then degrades, and
says how), and 200 with stamping triggers older than the code (every page is
still served; the detail says incremental sync may miss late commits until
``migrate`` runs, which the service does not need to be out of rotation for).
"""

import contextlib

from django.conf import settings
from django.core.cache import caches
from django.db import DEFAULT_DB_ALIAS, connections
from django.http import JsonResponse

from api.exceptions import DATABASE_ERRORS
from api.ops.cache import FailSoftRedisCache
from api.ops.replica import replica_readiness
from api.sync.stamping import OUTDATED, triggers_current


def alive():
    return JsonResponse({"status": "ok"})


def database_status() -> str:
    try:
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            cursor.execute("SELECT 1")
    except DATABASE_ERRORS:
        return "unreachable"
    return "ok"


def replica_status() -> str:
    if settings.API_READ_DATABASE == DEFAULT_DB_ALIAS:
        return "not configured"
    return replica_readiness()


def cache_status() -> str:
    backend = caches["default"]
    if not isinstance(backend, FailSoftRedisCache):
        return "local memory"
    return "ok" if backend.ping() else "unreachable: throttle counters are kept per worker process"


def sync_status(database: str) -> str:
    if database == "ok":  # else a second connection attempt would only wait for the same timeout
        with contextlib.suppress(*DATABASE_ERRORS):
            return "ok" if triggers_current() else OUTDATED
    return "unknown: the database is unreachable"


def ready():
    status = {"database": database_status(), "replica": replica_status(), "cache": cache_status()}
    status["sync"] = sync_status(status["database"])
    if status["database"] == "ok":
        return JsonResponse({"status": "ready", **status})
    return JsonResponse({"status": "unavailable", **status}, status=503)


PROBES = {"/healthz": alive, "/readyz": ready}


class HealthCheckMiddleware:
    """Serves the probes (with or without a trailing slash) before the rest of the stack."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        probe = PROBES.get(request.path_info.rstrip("/"))
        if probe is None or request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        return probe()
