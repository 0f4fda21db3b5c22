"""The API's only authentication: ``Authorization: Token <key>``.

DRF authenticates before it throttles, so a refused token ends the request
with a 401 before any throttle has counted it: a caller could try key after
key at no cost but a database lookup each. Here a refused token is charged to
its address's anonymous budget (a 429 beyond it), and costs at most the one
lookup by primary key that DRF's token check makes.
"""

from rest_framework import authentication
from rest_framework.authtoken.models import Token
from rest_framework.exceptions import AuthenticationFailed, Throttled

from api.throttling import RejectedTokenThrottle


class TokenAuthentication(authentication.TokenAuthentication):
    """DRF's token authentication, with refused tokens throttled per address like anonymous requests."""

    def authenticate_credentials(self, key):
        # No stored key is longer or holds a NUL (which PostgreSQL refuses in a query): no lookup.
        if len(key) > Token._meta.get_field("key").max_length or "\x00" in key:
            raise AuthenticationFailed("Invalid token.")
        return super().authenticate_credentials(key)

    def authenticate(self, request):
        try:
            return super().authenticate(request)
        except AuthenticationFailed:
            throttle = RejectedTokenThrottle()
            if not throttle.allow_request(request, None):
                raise Throttled(throttle.wait()) from None
            raise
