"""The cursor token: a sort's key and the horizon it pins, as the ``cursor`` and ``seek`` of ``next`` links.

A token comes back from clients, so everything it holds is checked as a filter's value would
be: a forged or edited token is a 400, never a query.
"""

import base64
import binascii

import orjson
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from django.utils.dateparse import parse_datetime
from rest_framework.exceptions import ValidationError

from api.pages.keyset import CURSOR
from api.pages.sort_keys import sort_field
from api.sync.horizon import Horizon
from api.values import checked_utc, integer_range

# A WAL position is a 64-bit LSN, stored as a bigint.
MAX_POSITION = 2**63 - 1


def encode_cursor(ordering, key, horizon: Horizon | None = None, **extra):
    """A token of a sort's key and the horizon it pins, with the position a replica must have replayed."""
    pinned = {"h": horizon.time, "p": horizon.position} if horizon else {"h": None}
    payload = {"o": sort_names(ordering), "v": list(key), **pinned, **extra}
    raw = orjson.dumps(payload, default=str, option=orjson.OPT_UTC_Z)
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def token_payload(token) -> dict:
    """What :func:`encode_cursor` wrote into ``token``; a ``ValueError`` if it wrote no such thing."""
    try:
        payload = orjson.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
    except (binascii.Error, ValueError, TypeError):
        raise ValueError(token) from None
    if not isinstance(payload, dict) or not isinstance(payload.get("o"), list):
        raise ValueError(token)
    return payload


def sort_names(ordering) -> list[str]:
    """``ordering`` as the ``sort`` keys a token records (``-modified_date``)."""
    return [f"{'-' if d else ''}{n}" for n, d in ordering]


def decode_cursor(token, ordering, model):
    """The sort values a cursor holds, checked as a filter's value would be: a forged one is a 400."""
    invalid = ValidationError({CURSOR: ["Invalid cursor: start with an empty cursor and follow next."]})
    try:
        payload = token_payload(token)
        names, values = payload["o"], payload["v"]
    except (ValueError, KeyError):
        raise invalid from None
    if names != sort_names(ordering):
        raise ValidationError({CURSOR: ["This cursor was issued for another sort."]})
    try:
        return key_values(ordering, values, model)
    except ValueError:
        raise invalid from None


def key_values(ordering, values, model) -> list:
    """``values`` (JSON) as a row's sort key in ``ordering``; a ``ValueError`` when no row could hold it."""
    if not isinstance(values, list) or len(values) != len(ordering):
        raise ValueError(values)
    fields = {field.attname: field for field in model._meta.concrete_fields}
    try:
        return [
            cursor_value(fields.get(name) or sort_field(model, name), value)
            for (name, _), value in zip(ordering, values, strict=True)
        ]
    except DjangoValidationError:
        raise ValueError(values) from None


def cursor_value(field, value):
    """``value`` as a sort key of ``field``, or a ``ValueError`` when no row could hold it.

    Held to the JSON types :func:`encode_cursor` writes (a whole number for an
    integer, ISO 8601 text for a datetime, text for text) and to the column's
    range, so that nothing a client edits reaches the database unchecked.
    """
    if field.is_relation:
        field = field.target_field
    if isinstance(field, models.IntegerField):  # AutoField included
        low, high = integer_range(field)
        if type(value) is not int or not low <= value <= high:
            raise ValueError(value)
        return value
    if not isinstance(value, str) or "\x00" in value:
        raise ValueError(value)
    if isinstance(field, models.DateTimeField):
        parsed = parse_datetime(value)
        if parsed is None:
            raise ValueError(value)
        return checked_utc(parsed)
    return field.to_python(value)


def token_horizon(token):
    """The :class:`Horizon` a token decoded by :func:`decode_cursor` pins: ``None`` if none, ``False`` if
    malformed. A token minted before positions were added has none: its pages are read on the primary."""
    payload = token_payload(token)
    horizon, position = payload.get("h"), payload.get("p")
    if horizon is None:
        return None
    if position is not None and (type(position) is not int or not 0 <= position <= MAX_POSITION):
        return False
    try:
        time = parse_datetime(horizon)
    except (TypeError, ValueError):
        return False
    return Horizon(time, position) if time else False
