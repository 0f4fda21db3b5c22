"""The ranges a query value must fall in before it reaches the database: integers and datetimes.

Filters and the keyset cursor share these checks, so that a value no column
can hold (an id beyond 64 bits, a UTC offset PostgreSQL refuses, a datetime
whose UTC form falls outside the calendar) is a 400 naming the parameter, never
a driver error.
"""

import datetime

from django.db.backends.base.operations import BaseDatabaseOperations
from django.db.models import Field

# The offsets of every time zone in use today (Baker Island to Line Islands).
# PostgreSQL refuses offsets of 16 hours or more; Python accepts up to 24.
MIN_UTC_OFFSET = datetime.timedelta(hours=-12)
MAX_UTC_OFFSET = datetime.timedelta(hours=14)
OFFSET_RANGE_TEXT = "-12:00 to +14:00"
# What a column of an unknown integer type is taken to hold: the widest any backend stores.
INT64_RANGE = (-(2**63), 2**63 - 1)


def integer_range(field: Field) -> tuple[int, int]:
    """The values a column of ``field`` (or of the key a foreign key points to) can hold.

    Django's portable column ranges (32-bit ``IntegerField`` and ``AutoField``,
    64-bit ``BigIntegerField``, ...), the same on every backend, so that the same
    query is valid everywhere. A positive column keeps its signed lower bound:
    ``id__gt=-1`` is a meaningful query that the database can run.
    """
    target = getattr(field, "target_field", None) or field
    internal_type = target.get_internal_type().replace("Positive", "")
    return BaseDatabaseOperations.integer_field_ranges.get(internal_type, INT64_RANGE)


def checked_utc(value: datetime.datetime) -> datetime.datetime:
    """``value`` in UTC (a naive one is read as UTC), or a ``ValueError`` saying which range it leaves.

    Converting here means the database only ever sees UTC, whatever offset was sent.
    """
    if value.tzinfo is None:
        value = value.replace(tzinfo=datetime.UTC)
    if not MIN_UTC_OFFSET <= value.utcoffset() <= MAX_UTC_OFFSET:
        raise ValueError(f"The UTC offset must be from {OFFSET_RANGE_TEXT}.")
    try:
        return value.astimezone(datetime.UTC)
    except OverflowError:
        raise ValueError("In UTC this falls outside the years 1 to 9999.") from None
