"""Pagination: documented page numbers by default, an opt-in keyset cursor for extraction.

Page mode answers ``{"count", "next", "previous", "results"}`` as the
documentation shows. Keyset mode (any ``cursor`` parameter, empty for the first
page) answers ``{"next", "results"}``: it follows the requested sort with ``id``
as the last key, runs no COUNT and no OFFSET, and so costs the same on page
1,000 as on page 1.

Both modes serve only rows changed before a visibility horizon (:mod:`api.sync.horizon`), and pin
the horizon of a walk's first page in the ``next`` links that follow it (the cursor, or page
mode's opaque ``seek``), so that a walk reads one fixed set of rows. Within that set a row
never changes (a change stamps it past the horizon and out of the set) and only deletions
remove rows, so a walk in any order that follows ``next`` returns every row it began with
exactly once, except those changed or deleted meanwhile, which the next incremental run
collects (from the list, or from deleted items). Page mode's ``seek`` carries the last row's
key too, so that its next page starts right after that row whatever was deleted before it.

The class holds what the modes share; page mode is :mod:`api.pages.page_mode`, keyset mode
:mod:`api.pages.keyset`, the sort keys both seek by :mod:`api.pages.sort_keys`, and the token in
their ``next`` links :mod:`api.pages.cursor`.
"""

from django.conf import settings
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import BasePagination
from rest_framework.response import Response

from api.ops.replica import read_at
from api.pages.cursor import decode_cursor, encode_cursor, token_horizon, token_payload
from api.pages.keyset import CURSOR, KeysetMode
from api.pages.page_mode import PAGE, SEEK, PageMode
from api.sync.horizon import before_horizon, read_horizon

PAGE_SIZE_PARAMS = ("page_size", "limit")


class Pagination(PageMode, KeysetMode, BasePagination):
    """Page-number pagination with an opt-in keyset cursor; sizes from ``page_size`` or ``limit``."""

    query_params = (PAGE, *PAGE_SIZE_PARAMS, CURSOR, SEEK)
    # The links of the walk a later page belongs to, kept by its statement (api/pages/links.py).
    link_templates = None

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

    # Walks --------------------------------------------------------------------

    def _visible(self, queryset, horizon):
        """The rows changed before ``horizon``, the walk's horizon from now on, read from a database
        that has every one of them (:mod:`api.ops.replica`)."""
        self._pin(horizon)
        field = getattr(getattr(self.view, "filterset_class", None), "modified_date_field", None)
        return before_horizon(queryset, field, horizon)

    def _pin(self, horizon):
        """``horizon`` the walk's from now on, and its reads on a database that has its rows."""
        self.horizon = horizon
        read_at(horizon.position)

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

    def _walk_key(self, param):
        """What the statement of the walk a ``cursor`` or ``seek`` token continues was built from
        (:mod:`api.pages.statements`): the mode, the view's shape, the page size and the horizon
        the token pins; ``None`` if the token pins none or is none of ours (its page refuses it)."""
        try:
            horizon = token_payload(self.request.query_params[param]).get("h")
        except ValueError:
            return None
        if horizon is None:  # a token of an older release: each of its pages reads a horizon of its own
            return None
        return (param, self.view.walk_shape(self.request), self.page_size, str(horizon))

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
                # An export's limit goes beyond a page's (api/export/streams.py); a page refuses more
                # than its most.
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
