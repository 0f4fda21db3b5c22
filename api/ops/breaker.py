"""A circuit breaker: remembers that a dependency is down, so requests skip it instead of waiting on it.

The read replica (api/ops/replica.py: one for its reachability, one for its replay keeping up) and
the cache (api/ops/cache.py) each have one per worker process. While a breaker is open its callers
take their fallback (read on the primary, count in local memory) without waiting on the
dependency; once every
``DEPENDENCY_RETRY_SECONDS`` one caller tries the dependency again, and its
success closes the breaker. Each change of state is logged once, as a warning,
not once per request.
"""

import logging
import threading
import time

from django.conf import settings

# The logger keeps the name it had before api/ had packages: log filters select on it.
logger = logging.getLogger("api.breaker")


class CircuitBreaker:
    """The state of one dependency in this process: closed (in use) or open (skipped) since when."""

    def __init__(self, name: str, fallback: str, trouble="unreachable", recovered="reachable again"):
        self.name = name
        self.fallback = fallback
        # How the log says what went wrong and what went right again.
        self.trouble, self.recovered = trouble, recovered
        self._lock = threading.Lock()
        self._opened_at: float | None = None
        self._last_try = 0.0

    @property
    def is_open(self) -> bool:
        return self._opened_at is not None

    def allows_a_try(self) -> bool:
        """Whether to use the dependency now: always while closed, once per retry interval while open."""
        if self._opened_at is None:
            return True
        with self._lock:
            now = time.monotonic()
            if now - self._last_try < settings.DEPENDENCY_RETRY_SECONDS:
                return False
            self._last_try = now
            return True

    def failed(self, error: BaseException) -> None:
        with self._lock:
            self._last_try = time.monotonic()
            if self._opened_at is not None:
                return
            self._opened_at = self._last_try
        logger.warning(
            "%s %s (%s: %s); %s, retrying every %s s",
            self.name,
            self.trouble,
            type(error).__name__,
            str(error).strip().splitlines()[0] if str(error).strip() else "no detail",
            self.fallback,
            settings.DEPENDENCY_RETRY_SECONDS,
        )

    def succeeded(self) -> None:
        if self._opened_at is None:
            return
        with self._lock:
            if self._opened_at is None:
                return
            down_for, self._opened_at = time.monotonic() - self._opened_at, None
        logger.warning("%s %s after %.1f s", self.name, self.recovered, down_for)
