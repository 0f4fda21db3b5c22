"""The production cache: Redis that fails soft.

Throttle counters live in the cache, so an unreachable Redis used to turn every
request into a 500. This backend gives Redis short socket timeouts and a
circuit breaker: while Redis is down, every cache call is served from a
per-process local-memory cache (throttling then counts per worker process, as
without ``CACHE_URL``), one warning is logged when Redis goes and one when it
comes back, and Redis is tried again once per ``DEPENDENCY_RETRY_SECONDS``, so
no request waits on a dead socket for more than one timeout per interval.
"""

from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError, TimeoutError

from api.breaker import CircuitBreaker

# Redis answers a counter read or write in well under a millisecond on a healthy network; a
# dependency slower than this is treated as down rather than made the request's bottleneck.
SOCKET_TIMEOUTS = {"socket_connect_timeout": 0.25, "socket_timeout": 0.5}


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
        return self.guarded(lambda: self._cache.get_client(write=True).ping(), lambda: False)
