"""The API's only authentication: ``Authorization: Token <key>``.

DRF authenticates before it throttles, so a refused token ends the request
with a 401 before any throttle has counted it: a caller could try key after
key at no cost but a database lookup each. Here a refused token is charged to
its address's anonymous budget (a 429 beyond it), and costs at most the one
lookup by primary key that DRF's token check makes.

An accepted token is remembered by the worker process for
``API_TOKEN_CACHE_SECONDS`` (default 1, 0: never): that lookup (a query and its
ORM compilation, with the connection's health check) was a tenth of a 1000-row
export page's time, paid on every page of a walk. Saving or deleting a token or
a user forgets every remembered token in the process that saved it (signals),
so a revoked token or deactivated user is refused there at once and by the other
worker processes within that many seconds (or a write that bypasses signals,
such as ``QuerySet.update``, within that many seconds everywhere).
"""

import copy
import time

from django.conf import settings
from rest_framework import authentication
from rest_framework.authtoken.models import Token
from rest_framework.exceptions import AuthenticationFailed, Throttled

from api.throttling import RejectedTokenThrottle

# Tokens a process remembers at most; past it the memo starts again (a burst of new tokens).
MAX_REMEMBERED = 10_000
_remembered: dict[str, tuple[float, Token]] = {}  # key: (expiry on time.monotonic(), token)


def forget_tokens(**kwargs):
    """Forget every remembered token: connected to the saving and deleting of tokens and users."""
    _remembered.clear()


class TokenAuthentication(authentication.TokenAuthentication):
    """DRF's token authentication, with refused tokens throttled per address like anonymous requests,
    and accepted ones remembered for ``API_TOKEN_CACHE_SECONDS``."""

    def authenticate_credentials(self, key):
        # No stored key is longer or holds a NUL (which PostgreSQL refuses in a query): no lookup.
        if len(key) > Token._meta.get_field("key").max_length or "\x00" in key:
            raise AuthenticationFailed("Invalid token.")
        seconds = settings.API_TOKEN_CACHE_SECONDS
        if not seconds:
            return super().authenticate_credentials(key)
        now = time.monotonic()
        expires, token = _remembered.get(key, (0, None))
        if expires <= now:
            token = super().authenticate_credentials(key)[1]
            if len(_remembered) >= MAX_REMEMBERED:
                _remembered.clear()
            _remembered[key] = (now + seconds, token)
        # A copy per request, so that nothing a request sets on its user reaches the next one.
        token = copy.copy(token)
        token.user = copy.copy(token.user)
        return token.user, token

    def authenticate(self, request):
        try:
            return super().authenticate(request)
        except AuthenticationFailed:
            throttle = RejectedTokenThrottle()
            if not throttle.allow_request(request, None):
                raise Throttled(throttle.wait()) from None
            raise
