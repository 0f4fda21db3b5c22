"""Health checks for load balancers and orchestrators: ``GET /healthz`` (alive) and ``GET /readyz`` (ready).

A middleware at the top of the stack answers them, before host validation, the
https redirect, sessions, authentication and throttling: a probe arrives over
plain HTTP with the pod's address as its Host, carries no token, and must cost
no more than the checks themselves. ``/healthz`` touches no dependency: a
process that answers it is alive, whatever the database does, so an
orchestrator never restarts workers because the database is down.
``/readyz`` says whether to send traffic: 503 when the primary is unreachable;
200 when only a replica or the cache is (the service then degrades, and
says how: each replica's state, how far behind it is, under ``replicas``; they are checked at
once, each in a thread of its own, so that dead replicas cost one connect timeout, not one
each), and 200 with stamping triggers older than the code (every page is still served; the
detail says incremental sync may miss late commits until ``migrate`` runs, which the service
does not need to be out of rotation for).
"""

import contextlib
from concurrent.futures import ThreadPoolExecutor

from django.core.cache import caches
from django.db import DEFAULT_DB_ALIAS, connections
from django.http import JsonResponse

from api.exceptions import DATABASE_ERRORS
from api.ops.cache import FailSoftRedisCache
from api.ops.replica import check, replicas
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


def replica_states() -> dict[str, dict]:
    """Each replica checked now, all at once: its state and how far behind it is."""
    configured = replicas()
    if not configured:
        return {}
    with ThreadPoolExecutor(max_workers=len(configured)) as pool:
        states = list(pool.map(checked_in_thread, configured))
    return {replica.alias: state for replica, state in zip(configured, states, strict=True)}


def checked_in_thread(replica) -> dict:
    try:
        state = check(replica)
    finally:
        connections.close_all()  # this thread's own connections
    seconds = replica.seconds_behind()
    return {
        "state": state,
        "seconds_behind": None if seconds is None else round(seconds, 3),
        "bytes_behind": replica.bytes_behind,
    }


def replica_summary(states: dict) -> str:
    """One replica: its state; several: ok when all are, else how many serve reads."""
    if not states:
        return "not configured"
    if len(states) == 1:
        return next(iter(states.values()))["state"]
    serving = sum(state["state"] == "ok" for state in states.values())
    if serving == len(states):
        return "ok"
    fallback = "reads go to the others" if serving else "reads go to the primary"
    return f"degraded: {serving} of {len(states)} replicas serve reads, {fallback}"


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
    replicas_now = replica_states()
    status = {
        "database": database_status(),
        "replica": replica_summary(replicas_now),
        "cache": cache_status(),
    }
    if replicas_now:
        status["replicas"] = replicas_now
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
