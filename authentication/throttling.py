"""Sign-in throttles: repeated attempts are limited per client address and per username.

Both count every attempt, successful or not, so that guessing passwords is
slow whichever of the two an attacker varies. Rates are the ``login_address``
and ``login_username`` scopes of ``REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]``;
counters live in the default cache, which must be shared by all worker
processes in production.
"""

import hashlib

from rest_framework.throttling import SimpleRateThrottle


class LoginAddressThrottle(SimpleRateThrottle):
    """Attempts from one client address (behind ``NUM_PROXIES`` trusted proxies)."""

    scope = "login_address"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class LoginUsernameThrottle(SimpleRateThrottle):
    """Attempts at one username, from any address."""

    scope = "login_username"

    def get_cache_key(self, request, view):
        # A JSON body may be any value; the serializer reports one that is not an object.
        data = request.data
        username = data.get("username") if hasattr(data, "get") else None
        if not isinstance(username, str) or not username:
            return None
        # Hashed: a username is user input, and cache backends restrict key characters and length.
        ident = hashlib.sha256(username.encode()).hexdigest()
        return self.cache_format % {"scope": self.scope, "ident": ident}
