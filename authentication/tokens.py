"""The API's only authentication: ``Authorization: Token <key>``, checked against stored digests.

A key is looked up by its SHA-256 digest (authentication/models.py), one
indexed query; a key of neither format (``akr_`` and 40 letters and digits, or a
legacy key's 40 hex digits) is refused without one. An expired key is a 401
saying so; an unknown or revoked key gets the same 401 as one that never
existed, so that nobody learns which keys were issued.

DRF authenticates before it throttles, so a refused token ends the request
with a 401 before any throttle has counted it: a caller could try key after
key at no cost but a lookup each. Here a refused token is charged to its
address's anonymous budget (a 429 beyond it).

An accepted token is remembered by the worker process, keyed by digest, for
``API_TOKEN_CACHE_SECONDS`` (default 1, 0: never): that lookup was a tenth of a
1000-row export page's time, paid on every page of a walk. Saving or deleting a
token or a user forgets every remembered token in the process that saved it
(signals), so a revoked token or deactivated user is refused there at once and
by the other worker processes within that many seconds. Expiry is checked on
every request, remembered or not.

A token's ``last_used`` is written at most once a minute per token per process,
with ``QuerySet.update`` (no signal, so the memo survives it), and a failed write
(the primary down while a replica serves the reads) is logged, never the
request's failure.
"""

import copy
import logging
import re
import time
from dataclasses import dataclass

from django.conf import settings
from django.db import DatabaseError, transaction
from django.utils import timezone
from rest_framework import authentication
from rest_framework.exceptions import AuthenticationFailed, Throttled

from api.ops.throttling import RejectedTokenThrottle
from authentication.models import KEY_ALPHABET, KEY_LENGTH, KEY_PREFIX, LEGACY_KEY_LENGTH, APIToken, digest

logger = logging.getLogger(__name__)

KEY_FORMAT = re.compile(
    rf"{KEY_PREFIX}[{KEY_ALPHABET}]{{{KEY_LENGTH - len(KEY_PREFIX)}}}|[0-9a-f]{{{LEGACY_KEY_LENGTH}}}"
)
LAST_USED_EVERY = 60  # seconds between two writes of one token's last_used
# Tokens a process remembers at most; past it the memo starts again (a burst of new tokens).
MAX_REMEMBERED = 10_000
# Where a request keeps the outcome of its token's check, made once whoever asks first.
CHECKED = "_api_token_checked"


@dataclass
class Remembered:
    until: float  # on time.monotonic()
    token: APIToken
    next_write: float  # when last_used is due again, on time.monotonic()


_remembered: dict[str, Remembered] = {}  # digest: entry


def forget_tokens(**kwargs):
    """Forget every remembered token: connected to the saving and deleting of tokens and users."""
    _remembered.clear()


def check_key(key: str) -> tuple:
    """``(user, token)`` for a valid key, or ``AuthenticationFailed`` saying why not."""
    if not KEY_FORMAT.fullmatch(key):
        raise AuthenticationFailed("Invalid token.")
    key_digest, now = digest(key), time.monotonic()
    entry = _remembered.get(key_digest)
    if entry is None or entry.until <= now:
        entry = lookup(key_digest, now)
        if settings.API_TOKEN_CACHE_SECONDS:
            if len(_remembered) >= MAX_REMEMBERED:
                _remembered.clear()
            _remembered[key_digest] = entry
    token = entry.token
    if token.is_expired:
        raise AuthenticationFailed("Token expired.")
    if entry.next_write <= now:
        entry.next_write = now + LAST_USED_EVERY
        record_use(token)
    # A copy per request, so that nothing a request sets on its user reaches the next one.
    user = detached(token.user)
    token = detached(token)
    APIToken.user.field.set_cached_value(token, user)
    return user, token


def detached(instance):
    """A shallow copy of a model instance with a state of its own: what ``copy.copy`` makes, without
    the pickling protocol it goes through (half a remembered token's check)."""
    clone = object.__new__(type(instance))
    clone.__dict__.update(instance.__dict__)
    clone._state = copy.copy(instance._state)
    clone._state.fields_cache = dict(instance._state.fields_cache)
    return clone


def lookup(key_digest: str, now: float) -> Remembered:
    try:
        token = APIToken.objects.select_related("user").get(digest=key_digest)
    except APIToken.DoesNotExist:
        raise AuthenticationFailed("Invalid token.") from None
    if not token.user.is_active:
        raise AuthenticationFailed("User inactive or deleted.")
    age = (timezone.now() - token.last_used).total_seconds() if token.last_used else LAST_USED_EVERY
    return Remembered(now + settings.API_TOKEN_CACHE_SECONDS, token, now + max(0, LAST_USED_EVERY - age))


def record_use(token: APIToken) -> None:
    token.last_used = timezone.now()
    try:
        # A savepoint, so that a failure inside a transaction leaves the transaction usable.
        with transaction.atomic():
            APIToken.objects.filter(pk=token.pk).update(last_used=token.last_used)
    except DatabaseError as error:
        logger.warning("Could not record the use of API token %s: %s", token.pk, error)


def checked(request) -> tuple | None:
    """The request's ``(user, token)``, checked once per request; ``None`` without a token."""
    if CHECKED not in request.__dict__:
        words = request.headers.get("Authorization", "").split()
        if not words or words[0].lower() != "token":
            outcome = None
        elif len(words) != 2:
            # DRF's own answers to a header without a key, or with more than one word after "Token".
            problem = (
                "No credentials provided." if len(words) == 1 else "Token string should not contain spaces."
            )
            outcome = AuthenticationFailed(f"Invalid token header. {problem}")
        else:
            try:
                outcome = check_key(words[1])
            except AuthenticationFailed as refused:
                outcome = refused
        request.__dict__[CHECKED] = outcome
    outcome = request.__dict__[CHECKED]
    if isinstance(outcome, AuthenticationFailed):
        raise outcome
    return outcome


def caller_of(request) -> str | None:
    """Whom a request's limits count against (api/ops/concurrency.py): its token's user, or ``None``."""
    try:
        outcome = checked(request)
    except AuthenticationFailed:
        return None
    return None if outcome is None else f"user:{outcome[0].pk}"


class TokenAuthentication(authentication.TokenAuthentication):
    """``Authorization: Token <key>`` by digest, with refused tokens throttled per address like
    anonymous requests, and accepted ones remembered for ``API_TOKEN_CACHE_SECONDS``."""

    def authenticate(self, request):
        try:
            return checked(request._request)
        except AuthenticationFailed:
            throttle = RejectedTokenThrottle()
            if not throttle.allow_request(request, None):
                raise Throttled(throttle.wait()) from None
            raise

    def authenticate_credentials(self, key):
        return check_key(key)
