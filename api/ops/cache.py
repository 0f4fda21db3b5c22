"""The production cache: Redis that fails soft.

Throttle counters live in the cache, so an unreachable Redis used to turn every
request into a 500. This backend gives Redis short socket timeouts and a
circuit breaker: while Redis is down, every cache call is served from a
per-process local-memory cache (throttling then counts per worker process, as
without ``CACHE_URL``), one warning is logged when Redis goes and one when it
comes back, and Redis is tried again once per ``DEPENDENCY_RETRY_SECONDS``, so
no request waits on a dead socket for more than one timeout per interval.

The limits' counters (api/ops/throttling.py, api/ops/concurrency.py) go through :func:`count_all`
and :func:`uncount`: one Redis round trip each (a server-side script), where Django's cache API
takes two or three (``add``, then ``incr``, itself ``EXISTS`` and ``INCRBY``). On a loaded
machine a round trip costs far more than Redis's own microseconds (each one waits for the
worker and Redis to be scheduled): the seven a 1-row page made were 44% of its worker's time.
:func:`count_all` counts several counters at once, all or none, each against a limit of its own
or none: a request's concurrency slots and its rate in one round trip.

Both go over a connection of the process's own (:class:`CountersLine`): a count waits for Redis's
answer; a release (:func:`uncount`) is sent and its answer read just before the next command's, so
that a worker does not wait for Redis once its response is sent (waiting there cost a walk's later
page 6-15% of its time: docs/performance.md). Redis answers a connection's commands in order, so a
release always counts before the next count of the same process.
"""

import hashlib
import os
import threading
import time
from functools import cached_property
from typing import NamedTuple

from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError, ResponseError, TimeoutError

from api.ops.breaker import CircuitBreaker

# Redis answers a counter read or write in well under a millisecond on a healthy network; a
# dependency slower than this is treated as down rather than made the request's bottleneck.
SOCKET_TIMEOUTS = {"socket_connect_timeout": 0.25, "socket_timeout": 0.5}

# One more on each counter, which lives ``ARGV[2i - 1]`` seconds from its first count (as ``add`` then
# ``incr`` make it), with the milliseconds each has left; all or none: the first to pass its limit
# ``ARGV[2i]`` (-1: none) is counted back with those before it, and its position is the answer
# (the counters after it are not counted).
COUNT_SCRIPT = """
local counts = {}
for i, key in ipairs(KEYS) do
    local counted = redis.call('INCR', key)
    if counted == 1 then redis.call('EXPIRE', key, ARGV[2 * i - 1]) end
    local limit = tonumber(ARGV[2 * i])
    if limit >= 0 and counted > limit then
        for j = 1, i do redis.call('DECR', KEYS[j]) end
        return i
    end
    table.insert(counts, counted)
    table.insert(counts, redis.call('PTTL', key))
end
return counts
"""
# Counts kept in this process's memory (SQLite setups, or Redis unreachable).
LOCAL_COUNTS = threading.Lock()
# One count off each counter, unless it has expired (a DECR would recreate it, at -1 and forever).
UNCOUNT_SCRIPT = """
for _, key in ipairs(KEYS) do
    if redis.call('EXISTS', key) == 1 then redis.call('DECR', key) end
end
return false
"""


def _fail_soft(name):
    def method(self, *args, **kwargs):
        return self.guarded(
            lambda: getattr(RedisCache, name)(self, *args, **kwargs),
            lambda: getattr(self.local, name)(*args, **kwargs),
        )

    method.__name__ = name
    method.__doc__ = f"Redis ``{name}``, or the local-memory cache's while Redis is unreachable."
    return method


class FailSoftRedisCache(RedisCache):
    """Django's RedisCache, falling back to local memory while Redis is unreachable."""

    def __init__(self, server, params):
        params = {**params, "OPTIONS": {**SOCKET_TIMEOUTS, **params.get("OPTIONS", {})}}
        super().__init__(server, params)
        self.local = LocMemCache(f"fail-soft-{id(self)}", params)
        self.breaker = CircuitBreaker("Cache (Redis)", "throttle counters are kept per worker process")

    # Every operation RedisCache implements; the rest of BaseCache is built on these.
    add = _fail_soft("add")
    get = _fail_soft("get")
    set = _fail_soft("set")
    touch = _fail_soft("touch")
    delete = _fail_soft("delete")
    get_many = _fail_soft("get_many")
    has_key = _fail_soft("has_key")
    incr = _fail_soft("incr")
    set_many = _fail_soft("set_many")
    delete_many = _fail_soft("delete_many")
    clear = _fail_soft("clear")

    def guarded(self, on_redis, fallback):
        """``on_redis()`` while Redis answers, else ``fallback()``."""
        if self.breaker.allows_a_try():
            try:
                result = on_redis()
            except (ConnectionError, TimeoutError) as error:
                self.breaker.failed(error)
            else:
                self.breaker.succeeded()
                return result
        return fallback()

    def ping(self) -> bool:
        """Whether Redis answers now (False without trying while the breaker waits to retry)."""
        return self.guarded(lambda: self.client.ping(), lambda: False)

    def count_all(self, counters: list["Counter"]) -> "Counted":
        """:func:`count_all` in one round trip (a script), or in local memory while Redis is unreachable."""

        def on_redis():
            keys = [self.make_and_validate_key(counter.key) for counter in counters]
            limits = [arg for counter in counters for arg in (counter.timeout, counter.script_limit)]
            answer = self.line.call("EVAL", COUNT_SCRIPT, len(keys), *keys, *limits)
            if isinstance(answer, int):  # the position (from 1) of the counter refused
                return Counted([], answer - 1)
            pairs = zip(answer[::2], answer[1::2], strict=True)  # (count, milliseconds left) per key
            return Counted([Count(counted, max(left, 0) / 1000) for counted, left in pairs])

        return self.guarded(on_redis, lambda: counted_apart(self.local, counters))

    def uncount(self, *keys: str) -> None:
        """:func:`uncount` in a script sent without waiting for its answer, or in local memory while Redis
        is unreachable."""
        made = [self.make_and_validate_key(key) for key in keys]  # the local cache makes its own
        self.guarded(
            lambda: self.line.post("EVAL", UNCOUNT_SCRIPT, len(made), *made),
            lambda: uncounted_all_apart(self.local, keys),
        )

    @cached_property
    def client(self):
        """A client of the writes' connection pool, made once: Django makes one per call, which cost
        more of a page's time than the round trip it sends (redis-py's clients are thread-safe, and
        its pools reconnect in a forked process)."""
        return self._cache.get_client(write=True)

    @cached_property
    def line(self) -> "CountersLine":
        return CountersLine(self.client.connection_pool)


class CountersLine:
    """The limits' counters' own connection to Redis, in this process: a command whose answer is awaited
    (:meth:`call`) and one whose answer is read before the next command's (:meth:`post`).

    Scripts go as text (``EVAL``; Redis keeps each compiled under its digest): a posted one could not
    be sent again when its answer said the server had forgotten it. A connection that failed is
    dropped with the answers it owed: a release sent just before Redis went away may be lost, and its
    slot then expires (``API_CONCURRENCY_SLOT_TIMEOUT``) as a killed worker's does. A command on a
    connection that had served before is tried once more on a new one, as redis-py's own clients do
    (Redis restarted, or an idle connection closed by the network); a release is sent only on a
    connection the server has not closed.
    """

    def __init__(self, pool):
        self.pool = pool
        self.lock = threading.Lock()  # threaded workers share the process's line
        self.connection = None
        self.pid = None
        self.owed = 0  # answers of posted commands not read yet (0 or 1)

    def call(self, *command):
        """Send ``command`` and return Redis's answer to it (a ``ResponseError`` is raised)."""
        with self.lock:
            answer = self._once_more(lambda: self._send_and_read(command))
        if isinstance(answer, ResponseError):
            raise answer
        return answer

    def post(self, *command) -> None:
        """Send ``command`` without waiting for its answer (one owed before it is read first)."""
        with self.lock:
            self._once_more(lambda: self._send_posted(command))

    def _once_more(self, exchange):
        """``exchange()``, and again on a new connection when one that had served before failed (a
        timeout is not tried again: Redis is slow, and the command may have run)."""
        reused = self._connected()
        try:
            return exchange()
        except ConnectionError:
            if not reused:
                raise
            self._connected()
            return exchange()

    def _connected(self) -> bool:
        """Make sure of a connection of this process (a forked worker must not share its parent's
        socket); whether it is one that served before."""
        if self.connection is not None and self.pid == os.getpid():
            return True
        self.connection, self.pid, self.owed = self.pool.make_connection(), os.getpid(), 0
        return False

    def _send_and_read(self, command):
        self._send(command)
        self._read_owed()
        return self._read()

    def _send_posted(self, command) -> None:
        self._read_owed()
        try:
            # Nothing is owed now, so anything to read is the server closing the connection: a command
            # sent into it would be lost unanswered, so it goes on a new one.
            if self.connection.can_read(timeout=0):
                raise ConnectionError("Redis sent what no command asked for")
        except BaseException:
            self._drop()
            raise
        self._send(command)
        self.owed = 1

    def _send(self, command) -> None:
        try:
            self.connection.send_command(*command)
        except BaseException:
            self._drop()
            raise

    def _read_owed(self) -> None:
        """The answers owed before the last command's: read and let go (a failed release left its
        counter as its expiry will)."""
        while self.owed:
            self.owed -= 1
            self._read()

    def _read(self):
        try:
            return self.connection.read_response()
        except ResponseError as error:
            return error
        except BaseException:
            self._drop()
            raise

    def _drop(self) -> None:
        """Close a connection whose answers can no longer be matched to their commands."""
        connection, self.connection, self.owed = self.connection, None, 0
        if connection is not None:
            connection.disconnect()


class Counter(NamedTuple):
    """A counter to count on: it expires ``timeout`` seconds after its first count (and starts again
    at 0), and a count past ``limit`` is refused (``None``: never)."""

    key: str
    timeout: int
    limit: int | None = None

    @property
    def script_limit(self) -> int:
        """The limit as the count script takes it: -1 for none."""
        return -1 if self.limit is None else self.limit


class Count(NamedTuple):
    """A counter's value after a count, and the seconds until it expires (and starts again at 0)."""

    value: int
    expires_in: float


class Counted(NamedTuple):
    """What :func:`count_all` did: each counter's :class:`Count`, or (none counted) the position of the
    first that would have passed its limit."""

    counts: list[Count]
    refused: int | None = None


def digest(text: str) -> str:
    """What a cache key names instead of ``text`` (a user, an address, a username): anyone who can list
    the cache's keys must not learn them."""
    return hashlib.sha256(text.encode()).hexdigest()


def count(key: str, timeout: int) -> Count:
    """One more on the counter ``key`` of the shared cache, which expires ``timeout`` seconds after its
    first count."""
    return count_all([Counter(key, timeout)]).counts[0]


def count_all(counters: list[Counter]) -> Counted:
    """One more on each of ``counters`` in one round trip, all or none: none is counted if one would pass
    its limit."""
    backend = caches["default"]
    if isinstance(backend, FailSoftRedisCache):
        return backend.count_all(counters)
    return counted_apart(backend, counters)


def uncount(*keys: str) -> None:
    """One off each counter of ``keys`` that has not expired, in one round trip."""
    backend = caches["default"]
    if isinstance(backend, FailSoftRedisCache):
        backend.uncount(*keys)
    else:
        uncounted_all_apart(backend, keys)


def counted_apart(backend, counters: list[Counter]) -> Counted:
    """:func:`count_all` in a cache of this process (local memory: no round trip, and a lock makes it
    exact), each counter as ``(expiry, value)``."""
    counts = []
    with LOCAL_COUNTS:
        now = time.time()
        for position, counter in enumerate(counters):
            ends, counted = backend.get(counter.key, (now + counter.timeout, 0))
            if counter.limit is not None and counted + 1 > counter.limit:
                for earlier in counters[:position]:
                    uncounted_apart(backend, earlier.key, now)
                return Counted([], position)
            backend.set(counter.key, (ends, counted + 1), timeout=max(ends - now, 0.001))
            counts.append(Count(counted + 1, max(ends - now, 0)))
    return Counted(counts)


def uncounted_apart(backend, key: str, now: float) -> None:
    """One off ``key`` in a cache of this process, unless it has expired (the caller holds the lock)."""
    ends, counted = backend.get(key, (now, 0))
    if ends > now:  # else expired: nothing to take off
        backend.set(key, (ends, counted - 1), timeout=ends - now)


def uncounted_all_apart(backend, keys) -> None:
    """:func:`uncount` in a cache of this process."""
    with LOCAL_COUNTS:
        now = time.time()
        for key in keys:
            uncounted_apart(backend, key, now)
