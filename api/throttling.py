"""Rate limits per token and per anonymous address; counters live in the shared cache.

With ``CACHE_URL`` pointing at Redis every worker process counts in one place;
the default local-memory cache counts per process (fine for one process, as
`make run` serves).
"""

from rest_framework.throttling import AnonRateThrottle, SimpleRateThrottle


class TokenRateThrottle(SimpleRateThrottle):
    """Requests per API token (a user with several tokens gets each its own budget)."""

    scope = "token"

    def get_cache_key(self, request, view):
        if request.auth is None or not hasattr(request.auth, "key"):
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.auth.key}


class AddressRateThrottle(AnonRateThrottle):
    """Requests per client address from callers without a valid token."""

    scope = "anonymous"
