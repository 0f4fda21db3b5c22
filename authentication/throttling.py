"""Sign-in throttles: repeated attempts are limited per client address and per username.

Both count every attempt, successful or not, so that guessing passwords is
slow whichever of the two an attacker varies. Rates are the ``login_address``
and ``login_username`` scopes of ``REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]``;
counters live in the default cache, which must be shared by all worker
processes in production. The API login and the admin login share them, so
neither is a way around the other's limit.
"""

from api.ops.throttling import HashedKeyThrottle


class LoginAddressThrottle(HashedKeyThrottle):
    """Attempts from one client address (behind ``NUM_PROXIES`` trusted proxies)."""

    scope = "login_address"

    def get_cache_key(self, request, view):
        return self.key_for(self.get_ident(request))


class LoginUsernameThrottle(HashedKeyThrottle):
    """Attempts at one username, from any address."""

    scope = "login_username"

    def get_cache_key(self, request, view):
        # An API request's body may be any JSON value (the serializer reports one that is not an
        # object); the admin's login form is a Django request's POST.
        data = request.data if hasattr(request, "data") else request.POST
        username = data.get("username") if hasattr(data, "get") else None
        if not isinstance(username, str) or not username:
            return None
        return self.key_for(username)
