"""Fixtures of the shared layer's tests: counts written, Redis for the counters, requests in flight.

Tests that need Redis read TEST_REDIS_URL (default redis://127.0.0.1:6379/15). Under CI an
unreachable Redis fails them; elsewhere they are skipped with the reason, so that `make test`
needs nothing but Python. Each xdist worker uses a database of its own below that one (gw0 the
given one, gw1 the one below, ...): a test clears its database and counts what is in it, which
another worker's test running at the same time would upset.
"""

import contextlib
import os
from urllib.parse import urlsplit, urlunsplit

import pytest
import redis
from django.core.cache import caches
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from rest_framework.throttling import SimpleRateThrottle

import api.pages.counts
from api.viewsets import ReadOnlyViewSet


def worker_database(url: str) -> str:
    """``url`` with its database number lowered by this xdist worker's index (wrapping below 0)."""
    parts = urlsplit(url)
    base = int(parts.path.strip("/") or 0)
    index = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw"))
    return urlunsplit(parts._replace(path=f"/{(base - index) % 16}"))  # Redis has 16 by default


REDIS_URL = worker_database(os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15"))


def redis_available():
    try:
        return redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError:
        return False


@pytest.fixture
def redis_cache(settings, monkeypatch):
    """The counters in Redis (the production cache), emptied around the test; a user's rate 3/min."""
    if not redis_available():
        if os.environ.get("CI"):
            pytest.fail(f"Redis is not reachable at {REDIS_URL}")
        pytest.skip(f"Redis is not reachable at {REDIS_URL} (required under CI)")
    settings.CACHES = {"default": {"BACKEND": "api.ops.cache.FailSoftRedisCache", "LOCATION": REDIS_URL}}
    monkeypatch.setattr(
        SimpleRateThrottle, "THROTTLE_RATES", {**SimpleRateThrottle.THROTTLE_RATES, "token": "3/min"}
    )
    caches["default"].clear()
    yield redis.Redis.from_url(REDIS_URL)
    caches["default"].clear()


@pytest.fixture
def during_a_request(monkeypatch):
    """``during_a_request(get)``: ``get()`` runs once inside the next list request (or the next request
    that calls ``view.method``); returns a list that then holds its answer."""

    def run_inside(get, view=ReadOnlyViewSet, method="list_page"):
        answers, started = [], []
        original = getattr(view, method)

        def inside(view, request, *args, **kwargs):
            if not started:
                started.append(True)
                answers.append(get())
            return original(view, request, *args, **kwargs)

        monkeypatch.setattr(view, method, inside)
        return answers

    return run_inside


@contextlib.contextmanager
def as_the_test_client_serves():
    """What the test client does around a request: its start and end do not close the test's connection."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    try:
        yield
    finally:
        for signal in (request_started, request_finished):
            signal.connect(close_old_connections)


@pytest.fixture
def counted(monkeypatch):
    """The counts written to the cache, in order: one per page that had to count."""
    written = []
    original = api.pages.counts.cache.set

    def record(key, value, timeout=None):
        if key.startswith("count:"):
            written.append(value[1])
        original(key, value, timeout)

    monkeypatch.setattr(api.pages.counts.cache, "set", record)
    return written
