"""Rate limits per API user and per anonymous address; counters live in the shared cache.

With ``CACHE_URL`` pointing at Redis every worker process counts in one place;
the default local-memory cache counts per process (fine for one process, as
`make run` serves). A counter's key holds a SHA-256 digest of what it counts
(a user, an address, a username), never the value: anyone who can list the
cache's keys must not learn an address or a username from them.
"""

import hashlib

from rest_framework.throttling import SimpleRateThrottle


class HashedKeyThrottle(SimpleRateThrottle):
    """A throttle whose cache key names what it counts by digest only."""

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
