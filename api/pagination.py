"""Pagination: documented page numbers by default, an opt-in keyset cursor for extraction.

Page mode answers ``{"count", "next", "previous", "results"}`` as the
documentation shows. Keyset mode (any ``cursor`` parameter, empty for the first
page) answers ``{"next", "results"}``: it follows the requested sort with ``id``
as the last key, runs no COUNT and no OFFSET, and so costs the same on page
1,000 as on page 1.

Both modes serve only rows changed before a visibility horizon (:mod:`api.horizon`), and pin
the horizon of a walk's first page in the ``next`` links that follow it (the cursor, or page
mode's opaque ``seek``), so that a walk reads one fixed set of rows. Within that set a row
never changes (a change stamps it past the horizon and out of the set) and only deletions
remove rows, so a walk in any order that follows ``next`` returns every row it began with
exactly once, except those changed or deleted meanwhile, which the next incremental run
collects (from the list, or from deleted items). Page mode's ``seek`` carries the last row's
key too, so that its next page starts right after that row whatever was deleted before it.
"""

import base64
import binascii

import orjson
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.paginator import InvalidPage, Page
from django.core.paginator import Paginator as DjangoPaginator
from django.db import models
from django.db.models import F, Q
from django.db.models.fields.tuple_lookups import (
    Tuple,
    TupleGreaterThan,
    TupleGreaterThanOrEqual,
    TupleLessThan,
    TupleLessThanOrEqual,
)
from django.utils.dateparse import parse_datetime
from django.utils.functional import cached_property
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import BasePagination
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from api.counts import exact_count
from api.horizon import Horizon, before_horizon, read_horizon
from api.replica import read_at
from api.values import checked_utc, integer_range

PAGE = "page"
PAGE_SIZE_PARAMS = ("page_size", "limit")
CURSOR = "cursor"
SEEK = "seek"
# A WAL position is a 64-bit LSN, stored as a bigint.
MAX_POSITION = 2**63 - 1


class CountedPaginator(DjangoPaginator):
    """Django's paginator with the count of :func:`api.counts.exact_count` (cached between writes);
    ``walk``, the time of the horizon of the walk its page belongs to."""

    def __init__(self, *args, walk=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.walk = walk

    @cached_property
    def count(self):
        return exact_count(self.object_list, self.walk)


class Pagination(BasePagination):
    """Page-number pagination with an opt-in keyset cursor; sizes from ``page_size`` or ``limit``."""

    query_params = (PAGE, *PAGE_SIZE_PARAMS, CURSOR, SEEK)

    def __init__(self):
        self.default_page_size = settings.API_DEFAULT_PAGE_SIZE
        self.max_page_size = settings.API_MAX_PAGE_SIZE

    # Shared ---------------------------------------------------------------

    def get_page_size(self, request):
        for param in PAGE_SIZE_PARAMS:
            if param in request.query_params:
                return self._positive_int(request, param, self.max_page_size)
        return self.default_page_size

    def _positive_int(self, request, param, maximum=None):
        raw = request.query_params[param]
        try:
            value = int(raw)
        except ValueError:
            value = 0
        if value < 1 or (maximum and value > maximum):
            upper = f" and at most {maximum}" if maximum else ""
            raise ValidationError({param: [f"Must be a whole number of at least 1{upper}."]})
        return value

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        self.page_size = self.get_page_size(request)
        self.keyset = CURSOR in request.query_params
        self.view = view
        if self.keyset:
            return self._keyset_page(queryset, view)
        return self._numbered_page(queryset, getattr(view, "unselected_queryset", None))

    def get_paginated_response(self, data):
        if self.keyset:
            return Response({"next": self.next_link, "results": data})
        return Response(
            {
                "count": self.page.paginator.count,
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "results": data,
            }
        )

    # Page mode --------------------------------------------------------------

    def _numbered_page(self, queryset, unselected=None):
        """The page's rows of ``queryset``; ``unselected`` is the same rows before the fast path chose
        its columns, for the count and the seek: its joins for nested columns would otherwise stay
        in their SQL, and with them PostgreSQL sorts instead of reading the index."""
        page_number = self._positive_int(self.request, PAGE) if PAGE in self.request.query_params else 1
        self.ordering = seek_ordering(queryset)
        # Counted and sought on every row the filters match, horizon or not: the count is then
        # cached between writes (api/counts.py), and the seek to a deep page's first row is an
        # index-only scan (the horizon's change time is in no sort index: filtering by it read
        # every skipped row from the table, 139 ms instead of 9 ms for page 90 of districts by
        # name). Positions thus agree with the count; rows held back are served later.
        self.counted = queryset if unselected is None else unselected
        if SEEK in self.request.query_params:
            return self._seek_page(queryset, page_number)
        horizon = read_horizon()
        queryset = self._visible(queryset, horizon)
        paginator = CountedPaginator(self.counted, self.page_size, walk=horizon.time)
        try:
            self.page = paginator.page(page_number)
        except InvalidPage:
            raise ValidationError(
                {PAGE: [f"Page {page_number} is out of range: there are {paginator.num_pages}."]}
            ) from None
        offset = self.page.start_index() - 1
        self.rows = (
            list(queryset[: self.page_size])
            if offset <= 0
            else deep_page(queryset, offset, self.page_size, seek=self.counted)
        )
        return self.rows

    def _seek_page(self, queryset, page_number):
        """Page ``page_number`` of a walk that followed ``next``: the rows after the last one it served."""
        if self.ordering is None:
            raise ValidationError({SEEK: ["This sort cannot seek: follow page numbers without seek."]})
        values, horizon = self._position(SEEK, self.ordering, queryset.model)
        queryset = self._visible(queryset, horizon)
        rows = list(queryset.filter(after(self.ordering, values))[: self.page_size + 1])
        self.rows = rows[: self.page_size]
        paginator = CountedPaginator(self.counted, self.page_size, walk=horizon.time)
        self.page = SeekPage(self.rows, page_number, paginator)
        self.page.more = len(rows) > self.page_size
        return self.rows

    def get_next_link(self):
        # A page without rows ends the walk even where the count says more: the count includes
        # rows the horizon holds back for now, which a later request serves.
        if not (self.page.has_next() and self.rows):
            return None
        url = replace_query_param(self.request.build_absolute_uri(), PAGE, self.page.next_page_number())
        if self.ordering is None:
            return url
        return replace_query_param(url, SEEK, self._next_token(self.rows[-1], self.ordering))

    def get_previous_link(self):
        if not self.page.has_previous():
            return None
        url = self.request.build_absolute_uri()
        number = self.page.previous_page_number()
        url = remove_query_param(url, SEEK)
        return remove_query_param(url, PAGE) if number == 1 else replace_query_param(url, PAGE, number)

    # Keyset mode --------------------------------------------------------------

    def _keyset_page(self, queryset, view):
        ordering = keyset_ordering(queryset)
        if self.request.query_params[CURSOR]:
            values, horizon = self._position(CURSOR, ordering, queryset.model)
            queryset = self._visible(queryset, horizon).filter(after(ordering, values))
        else:
            queryset = self._visible(queryset, read_horizon())
        rows = list(queryset[: self.page_size + 1])
        self.next_link = None
        if len(rows) > self.page_size:
            rows = rows[: self.page_size]
            url = remove_query_param(self.request.build_absolute_uri(), PAGE)
            self.next_link = replace_query_param(url, CURSOR, self._next_token(rows[-1], ordering))
        return rows

    # Walks --------------------------------------------------------------------

    def _visible(self, queryset, horizon):
        """The rows changed before ``horizon``, the walk's horizon from now on, read from a database
        that has every one of them (:mod:`api.replica`)."""
        self.horizon = horizon
        read_at(horizon.position)
        field = getattr(getattr(self.view, "filterset_class", None), "modified_date_field", None)
        return before_horizon(queryset, field, horizon)

    def _position(self, param, ordering, model):
        """The sort key and horizon a ``cursor`` or ``seek`` token carries (a fresh horizon if none)."""
        token = self.request.query_params[param]
        try:
            values = decode_cursor(token, ordering, model)
        except ValidationError as error:
            raise ValidationError({param: error.detail[CURSOR]}) from None
        horizon = token_horizon(token)
        if horizon is False:
            raise ValidationError({param: ["Invalid horizon: follow next as given."]})
        return values, read_horizon() if horizon is None else horizon

    def _next_token(self, row, ordering):
        key = self.view.keyset_key(row, [name for name, _ in ordering])
        return encode_cursor(ordering, key, self.horizon)

    # Schema -------------------------------------------------------------------

    def get_schema_operation_parameters(self, view):
        integer = {"type": "integer", "minimum": 1}
        return [
            {
                "name": PAGE,
                "in": "query",
                "required": False,
                "schema": integer,
                "description": "Page number (page mode).",
            },
            {
                "name": "page_size",
                "in": "query",
                "required": False,
                "schema": {**integer, "maximum": self.max_page_size},
                "description": f"Rows per page (default {self.default_page_size}).",
            },
            {
                "name": "limit",
                "in": "query",
                "required": False,
                # An export's limit goes beyond a page's (api/exports.py); a page refuses more than its most.
                "schema": {**integer, "maximum": 2**31 - 1},
                "description": f"Same as page_size, at most {self.max_page_size} (the name Akinon's API "
                "reference uses). On an export (`format=ndjson` or `parquet`): the most rows to return.",
            },
            {
                "name": CURSOR,
                "in": "query",
                "required": False,
                "schema": {"type": "string"},
                "description": "Keyset mode for extraction: pass it empty for the first page, then "
                "follow `next`. No count; every page costs the same.",
            },
            {
                "name": SEEK,
                "in": "query",
                "required": False,
                "schema": {"type": "string"},
                "description": "Page mode's position in a walk, set in `next` links: follow them as "
                "given. Never skips a row when rows before it are changed or deleted meanwhile.",
            },
        ]

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "required": ["next", "results"],
            "properties": {
                "count": {"type": "integer", "description": "Page mode only."},
                "next": {"type": "string", "format": "uri", "nullable": True},
                "previous": {
                    "type": "string",
                    "format": "uri",
                    "nullable": True,
                    "description": "Page mode only.",
                },
                "results": schema,
            },
        }


class SeekPage(Page):
    """A page found from the previous page's last row: whether more follow is known, not counted.

    Rows deleted before it shrink the count, so its number may exceed the pages counted now.
    """

    more = False

    def has_next(self):
        return self.more

    def next_page_number(self):
        return self.number + 1

    def previous_page_number(self):
        return self.number - 1


def deep_page(queryset, offset, size, seek=None):
    """The ``size`` rows from position ``offset`` on, without reading the skipped rows in full.

    The sort key of the row at ``offset`` comes from an index-only scan past the
    offset (of ``seek``, the same rows without joined columns, if given); the page
    is then the rows at or after that key, fetched the way a cursor page is. A
    sort on a nullable column has no such key: its page finds its ids past the
    offset first, then fetches just those rows.
    """
    seek = queryset if seek is None else seek
    ordering = seek_ordering(queryset)
    if ordering is None:
        ids = list(seek.values_list("pk", flat=True)[offset : offset + size])
        return list(queryset.filter(pk__in=ids))
    start = list(seek.values_list(*(name for name, _ in ordering))[offset : offset + 1])
    if not start:  # rows deleted since the count
        return []
    return list(queryset.filter(after(ordering, start[0], inclusive=True))[:size])


def keyset_ordering(queryset):
    """The queryset's ordering as ``[(field, descending)]``, validated for keyset use."""
    ordering = seek_ordering(queryset)
    if ordering is None:
        sort = ",".join(queryset.query.order_by)
        reason = "a key may be null: sort by id, modified_date or created_date"
        raise ValidationError({CURSOR: [f"Cursor mode cannot sort by {sort} ({reason})."]})
    return ordering


def seek_ordering(queryset):
    """The queryset's ordering as ``[(field, descending)]`` ending with ``id``, or ``None``.

    ``None`` when a sort key may be null: such a key cannot be compared to seek from.
    """
    ordering = []
    for name in list(queryset.query.order_by) or ["id"]:
        descending = name.startswith("-")
        field_name = name.lstrip("-")
        field_name = "id" if field_name == "pk" else field_name
        field = sort_field(queryset.model, field_name)
        if field is None:
            return None
        ordering.append((field_name if "__" in field_name else field.attname, descending))
    if ordering[-1][0] != "id":
        ordering.append(("id", False))
    return ordering


def sort_field(model, path: str):
    """The non-null field a keyset sort key names, or ``None``.

    A key is a column, or a path through non-null foreign keys to one
    (``revision__date_created``: a record whose change time is its parent's).
    A nullable key could not be compared, so it is refused.
    """
    *hops, last = path.split("__")
    try:
        for hop in hops:
            field = model._meta.get_field(hop)
            if not (field.many_to_one or field.one_to_one) or not field.concrete or field.null:
                return None
            model = field.related_model
        field = model._meta.get_field(last)
    except FieldDoesNotExist:
        return None
    return None if field.null else field


def after(ordering, values, inclusive=False):
    """Rows after ``values`` in ``ordering`` (and the row at ``values`` itself, if ``inclusive``).

    ``(a > x) OR (a = x AND id > y)``, plus the redundant ``a >= x`` so that
    PostgreSQL starts its index scan at the cursor instead of filtering from the
    first row. Keys that all run one way compare as one row value instead.
    """
    one_direction = after_in_one_direction(ordering, values, inclusive)
    if one_direction is not None:
        return one_direction
    condition = Q()
    for position in range(len(ordering) - 1, -1, -1):
        name, descending = ordering[position]
        lookup = "lt" if descending else "gt"
        if inclusive and position == len(ordering) - 1:
            lookup += "e"
        step = Q(**{f"{name}__{lookup}": values[position]})
        condition = (
            step if position == len(ordering) - 1 else step | (Q(**{name: values[position]}) & condition)
        )
    first, descending = ordering[0]
    return Q(**{f"{first}__{'lte' if descending else 'gte'}": values[0]}) & condition


def after_in_one_direction(ordering, values, inclusive=False):
    """:func:`after` for keys that all run one way, as one row-value comparison ``(a, id) > (x, y)``.

    PostgreSQL starts its index scan at the row value and estimates the rows
    past it well; the ``OR`` form's terms it multiplies into a tiny estimate,
    for which it prefers a bitmap scan and a sort of everything past the key.
    ``None`` when the keys run both ways.
    """
    directions = {descending for _, descending in ordering}
    if len(directions) > 1:
        return None
    lookups = {
        (False, False): TupleGreaterThan,
        (False, True): TupleGreaterThanOrEqual,
        (True, False): TupleLessThan,
        (True, True): TupleLessThanOrEqual,
    }
    lookup = lookups[(directions.pop(), inclusive)]
    return lookup(Tuple(*(F(name) for name, _ in ordering)), tuple(values))


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
