"""What the token commands read: a user by username, an expiry, a validation error as a command's."""

from datetime import UTC, datetime, time

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from authentication.issuing import default_expiry

NEVER = "never"
EXPIRES_HELP = f"A date (its end, UTC), a date and time, or {NEVER!r}. Default: API_TOKEN_TTL_DAYS."


def user_named(username: str):
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise CommandError(f"No user named {username!r}.")
    return user


def expiry(value: str | None):
    """``--expires``: a date (its end, UTC), a date and time (UTC unless it says), "never", or the default."""
    if value is None:
        return default_expiry()
    if value == NEVER:
        return None
    try:
        day = parse_date(value)
        moment = datetime.combine(day, time.max) if day else parse_datetime(value)
    except ValueError:
        moment = None
    if moment is None:
        raise CommandError(f"--expires: {value!r} is not a date (2027-06-30), a date and time, or {NEVER!r}.")
    return timezone.make_aware(moment, UTC) if timezone.is_naive(moment) else moment


def command_error(error: ValidationError) -> CommandError:
    return CommandError(" ".join(error.messages))
