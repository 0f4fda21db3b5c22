"""Rate limits per API user and per anonymous address; counters live in the shared cache.

With ``CACHE_URL`` pointing at Redis every worker process counts in one place;
the default local-memory cache counts per process (fine for one process, as
`make run` serves). A counter's key holds a SHA-256 digest of what it counts
(a user, an address, a username), never the value: anyone who can list the
cache's keys must not learn an address or a username from them.

Each limit is a fixed-window counter: ``rate`` requests per window (a second, minute, hour or
day) from the window's first request, one cache round trip per request (api/ops/cache.py's
``count``), where DRF's sliding log read and wrote a pickled list of every request time in the
window. A 429's ``Retry-After`` is the time left in the window, after which the counter starts
again: honest, since nothing counted before then can refuse a request after it. The price of a
fixed window: a client may spend one window's budget at its end and the next one's at the start
of the next, so at most twice the rate within one window's length, never more on average.
"""

import hashlib

from rest_framework.throttling import SimpleRateThrottle

from api.ops.cache import count


class HashedKeyThrottle(SimpleRateThrottle):
    """A fixed-window throttle whose cache key names what it counts by digest only."""

    def allow_request(self, request, view):
        if self.rate is None:
            return True
        key = self.get_cache_key(request, view)
        if key is None:
            return True
        # Not DRF's key: a worker of an older release, sharing the cache during a deploy, would
        # read this counter as its list of request times (and answer 500).
        counted = count(f"{key}:window", self.duration)
        self.expires_in = counted.expires_in
        return counted.value <= self.num_requests

    def wait(self):
        """Seconds until the window ends and the counter starts again (never 0: no header)."""
        return max(self.expires_in, 0.001)

    def key_for(self, ident: str | None) -> str:
        return self.cache_format % {
            "scope": self.scope,
            "ident": hashlib.sha256(str(ident).encode()).hexdigest(),
        }


class TokenRateThrottle(HashedKeyThrottle):
    """Requests per token-authenticated user: all of a user's tokens share one budget, so that
    issuing more tokens does not raise a job's rate."""

    scope = "token"

    def get_cache_key(self, request, view):
        if request.auth is None or not request.user.is_authenticated:
            return None
        return self.key_for(f"user:{request.user.pk}")


class AddressRateThrottle(HashedKeyThrottle):
    """Requests per client address from callers without a valid token.

    Requests whose token is refused are charged to the same budget during
    authentication (``RejectedTokenThrottle``): they never reach the view's throttles.
    """

    scope = "anonymous"

    def get_cache_key(self, request, view):
        if request.user and request.user.is_authenticated:
            return None
        return self.address_key(request)

    def address_key(self, request) -> str:
        return self.key_for(self.get_ident(request))


class RejectedTokenThrottle(AddressRateThrottle):
    """The anonymous budget of an address, charged by a request whose token was refused.

    Asked while ``request.user`` is still being worked out, so it counts by address alone.
    """

    def get_cache_key(self, request, view):
        return self.address_key(request)
