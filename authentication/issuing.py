"""Issuing and revoking tokens, the one way every path does it (sign-in, commands, the admin).

Each creation and revocation is written to the security log (security_log.py).
A named token's default lifetime is ``API_TOKEN_TTL_DAYS``; a sign-in key's is
``API_SIGN_IN_TOKEN_TTL_HOURS``, and a user holds at most
``API_SIGN_IN_TOKENS_PER_USER`` live sign-in keys: past it sign-in is refused
rather than revoking a key that a running job may hold (as django-rest-knox does).
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from authentication import security_log
from authentication.models import DISPLAY_LENGTH, APIToken, new_key
from authentication.tokens import forget_tokens


def default_expiry():
    """When a new named token expires unless told otherwise: ``None`` (never) when the TTL is 0."""
    days = settings.API_TOKEN_TTL_DAYS
    return timezone.now() + timedelta(days=days) if days else None


def validate_new_token(user, name: str, expires) -> None:
    """``ValidationError`` for a name that is empty, too long or taken by the user, or a past expiry."""
    errors = {}
    max_length = APIToken._meta.get_field("name").max_length
    if not name.strip():
        errors["name"] = "A token needs a name (what uses it)."
    elif len(name) > max_length:
        errors["name"] = f"A token's name is at most {max_length} characters, not {len(name)}."
    elif user.api_tokens.filter(name=name).exists():
        errors["name"] = f"{user.get_username()} already has a token named {name!r}."
    if expires is not None and expires <= timezone.now():
        errors["expires"] = f"The expiry {expires.isoformat()} is in the past."
    if errors:
        raise ValidationError(errors)


def create_token(user, name: str, expires, via: str, actor=None) -> tuple[APIToken, str]:
    """A new named token of ``user`` and its key (shown once), after ``validate_new_token``."""
    validate_new_token(user, name, expires)
    with transaction.atomic():
        token, key = APIToken.objects.mint(user, name, expires=expires)
        security_log.record("created", [token], via=via, actor=actor)
    return token, key


class TooManySignInKeys(Exception):
    pass


def sign_in_key(user) -> str:
    """A new sign-in key of ``user``, or ``TooManySignInKeys`` when it holds the most it may."""
    limit = settings.API_SIGN_IN_TOKENS_PER_USER
    with transaction.atomic():
        # The user's row locked, so that two sign-ins at once cannot both take the last place.
        get_user_model().objects.select_for_update().filter(pk=user.pk).first()
        if APIToken.objects.live().filter(user=user, sign_in=True).count() >= limit:
            raise TooManySignInKeys(
                f"This user already holds {limit} live sign-in keys, the most allowed: sign out with "
                "one (POST auth/logout/) or wait until one expires. A job that runs unattended "
                "should use a named token (manage.py create_token) instead of signing in each run."
            )
        expires = timezone.now() + timedelta(hours=settings.API_SIGN_IN_TOKEN_TTL_HOURS)
        key = new_key()
        token, _ = APIToken.objects.mint(
            user, f"sign-in {key[:DISPLAY_LENGTH]}", expires=expires, sign_in=True, key=key
        )
        security_log.record("created", [token], via="POST auth/login/")
    return key


def revoke(tokens, via: str, actor=None) -> int:
    """Delete ``tokens`` (refused at once here, within ``API_TOKEN_CACHE_SECONDS`` everywhere)."""
    tokens = list(tokens)
    with transaction.atomic():
        security_log.record("revoked", tokens, via=via, actor=actor)
        APIToken.objects.filter(pk__in=[token.pk for token in tokens]).delete()
    return len(tokens)


def expire(tokens, via: str) -> int:
    """Expire ``tokens`` now: they answer 401 "Token expired." until purged."""
    tokens = list(tokens)
    with transaction.atomic():
        security_log.record("expired", tokens, via=via)
        APIToken.objects.filter(pk__in=[token.pk for token in tokens]).update(expires=timezone.now())
    forget_tokens()  # an update sends no signal: this process forgets them itself
    return len(tokens)
