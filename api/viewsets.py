"""The read-only viewsets every endpoint is declared with.

An endpoint sets ``queryset``, ``serializer_class`` and ``filterset_class``
(and, for data that belongs to a channel, ``channel_field``); listing, the
fast path, keyset pagination, strict query parameters and channel scoping
happen here.
"""

from functools import cached_property
from operator import attrgetter

from django.apps import apps
from django.conf import settings
from django.db.models import Q
from django.http import Http404
from rest_framework import mixins, viewsets
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.settings import api_settings

from api.export.renderers import NDJSONRenderer, ParquetRenderer
from api.export.streams import EXPORT_PARAMS, export_response, is_export
from api.ops.replica import read_latest, reporting_read
from api.optional_fields import INCLUDE, optional_fields, requested_fields, with_fields
from api.pages.fastpath import row_plan
from api.pages.keyset import CURSOR, keyset_ordering
from api.pages.page_mode import PAGE, SEEK
from api.pages.sort_keys import seek_ordering

# Parameters every list accepts besides its filters and pagination.
COMMON_PARAMS = ("format",)
POSITION = (CURSOR, SEEK, PAGE)
ANY = "*/*"


def channel_model():
    """The sales channel model (``settings.API_CHANNEL_MODEL``)."""
    return apps.get_model(settings.API_CHANNEL_MODEL)


class ReadOnlyViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """A list endpoint. ``ordering`` is the default sort (``id`` is always added last)."""

    ordering: tuple[str, ...] = ("id",)
    # The documented renders, then the whole-table exports (api/export/streams.py).
    renderer_classes = [*api_settings.DEFAULT_RENDERER_CLASSES, NDJSONRenderer, ParquetRenderer]

    def get_view_name(self):
        """The endpoint's last path segment (``list-simple``, ``orders``), as ``OPTIONS`` documents."""
        request = getattr(self, "request", None)
        if request is None:
            return super().get_view_name()
        segments = request.path.rstrip("/").split("/")
        return segments[-2] if self.detail else segments[-1]

    def get_queryset(self):
        ordering = [*self.ordering]
        if not {"id", "-id", "pk", "-pk"} & set(ordering):
            ordering.append("id")
        return super().get_queryset().order_by(*ordering)

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if is_export(request) and self.action == "retrieve":
            formats = ", ".join(r.format for r in self.renderer_classes if not getattr(r, "streams", False))
            raise ValidationError({"format": [f"An export streams a list; a record is served as {formats}."]})
        if request.method == "GET" and self.action == "list":
            self.check_query_params(request)

    def perform_content_negotiation(self, request, force=False):
        """An unknown ``?format=`` is a 400 naming it (DRF answers a bare 404). A request that names
        no format and accepts anything (no ``Accept``, or ``*/*`` as HTTP clients send) is answered
        as DRF's negotiation answers it, the first renderer as its own media type, without it."""
        requested = request.query_params.get(api_settings.URL_FORMAT_OVERRIDE)
        renderers = self.get_renderers()
        if requested is None and not self.format_kwarg and request.META.get("HTTP_ACCEPT", ANY) == ANY:
            return renderers[0], renderers[0].media_type
        formats = [renderer.format for renderer in renderers]
        if not force and requested is not None and requested not in formats:
            raise ValidationError({"format": [f"Unknown format. Accepted formats: {', '.join(formats)}."]})
        return super().perform_content_negotiation(request, force)

    def check_permissions(self, request):
        # DRF throttles after the permission check, so callers without a valid
        # token (answered 401) would never be counted: throttle first.
        self.check_throttles(request)
        self.throttled_already = True
        super().check_permissions(request)

    def check_throttles(self, request):
        if not getattr(self, "throttled_already", False):
            super().check_throttles(request)

    def accepted_query_params(self) -> list[str]:
        filterset_class = getattr(self, "filterset_class", None)
        filters = list(filterset_class.base_filters) if filterset_class else []
        optional = [INCLUDE] if optional_fields(super().get_serializer_class()) else []
        export = EXPORT_PARAMS if is_export(self.request) else ()
        return [*filters, *self.paginator.query_params, *optional, *COMMON_PARAMS, *export]

    def get_serializer_class(self):
        serializer_class = super().get_serializer_class()
        request = getattr(self, "request", None)
        included = requested_fields(request, serializer_class) if request is not None else ()
        return with_fields(serializer_class, included) if included else serializer_class

    def check_query_params(self, request):
        """Reject unknown, empty and repeated parameters.

        A misspelt filter (``modifed_date__gt``) or an empty one
        (``modified_date__gt=``) would otherwise be ignored and silently turn an
        incremental sync into a full export. Every parameter takes one value, and
        a repeated one (``id=1&id=2``) would silently mean its last value.
        """
        accepted = self.accepted_query_params()
        errors = {}
        for param, values in request.query_params.lists():
            if param not in accepted:
                errors[param] = [f"Unknown query parameter. Accepted parameters: {', '.join(accepted)}."]
            elif len(values) > 1:
                errors[param] = [f"Give this parameter once (it was given {len(values)} times)."]
            elif param != CURSOR and not values[0].strip():
                errors[param] = ["This parameter needs a value."]
        if errors:
            raise ValidationError(errors)

    def list(self, request, *args, **kwargs):
        if is_export(request):
            return export_response(self, request)
        return reporting_read(self.list_page, request)

    def list_page(self, request):
        plan = row_plan(self.get_serializer_class()) if settings.API_FAST_PATH else None
        if plan is None:
            page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
            return self.get_paginated_response(self.get_serializer(page, many=True).data)
        self.plan = plan
        if request.query_params.get(CURSOR):
            page = self.paginator.cursor_page(request, self)  # a walk's later page
        elif SEEK in request.query_params:
            page = self.paginator.seek_page(request, self)  # a page-mode walk's later page
        else:
            page = self.paginate_queryset(self.planned_queryset(request))
        return self.get_paginated_response(plan.rows(page))

    def planned_queryset(self, request):
        """The page's rows as the fast path's tuples: the plan's columns, then the sort's."""
        queryset = self.filter_queryset(self.get_queryset())
        self.unselected_queryset = queryset  # page mode counts and seeks on it (no joins)
        # The sort key of a page's last row goes into its next link, in either mode.
        keyset = CURSOR in request.query_params
        ordering = keyset_ordering(queryset) if keyset else seek_ordering(queryset)
        return self.plan.select(queryset, [name for name, _ in ordering or []])

    def walk_shape(self, request) -> tuple:
        """Everything :meth:`planned_queryset` builds from but the cursor (api/pages/statements.py)."""
        # The position in the walk is not the walk's: its page's number, its cursor or seek.
        params = sorted((name, value) for name, value in request.query_params.items() if name not in POSITION)
        return (type(self), tuple(sorted(self.kwargs.items())), tuple(params), self.rows_scope())

    def rows_scope(self):
        """What, besides the request's path and parameters, decides which rows the view serves."""
        return None

    def keyset_key(self, item, names):
        """The sort values of a page's last item, for the next cursor."""
        if isinstance(item, tuple):
            return self.plan.key_getter(names)(item)
        getter = attrgetter(*(name.replace("__", ".") for name in names))
        return getter(item) if len(names) > 1 else (getter(item),)


class ReadOnlyDetailViewSet(mixins.RetrieveModelMixin, ReadOnlyViewSet):
    """A list endpoint that also serves ``<path>/{id}/``."""

    lookup_value_regex = "[0-9]+"

    def retrieve(self, request, *args, **kwargs):
        return reporting_read(self.retrieve_latest, request, *args, **kwargs)

    def retrieve_latest(self, request, *args, **kwargs):
        read_latest()
        return super().retrieve(request, *args, **kwargs)


class ChannelGrantsMixin:
    """What both APIs know of a token's channels: the ids its user is granted, read once per request.

    ``channel_field`` is the lookup from the model to its channel (``"channel"``,
    ``"order__channel"``); ``None`` marks reference data that every valid token reads.
    """

    channel_field: str | None = None

    @cached_property
    def granted_channel_ids(self) -> frozenset[int] | None:
        """The channels the request's user may read; ``None`` for staff (every channel)."""
        return channel_model().ids_readable_by(self.request.user)


class GrantedChannelsMixin(ChannelGrantsMixin):
    """Scopes an OMS endpoint to the channels its token is granted; staff read all.

    The ``channel_id`` filter can narrow a page to one of them, never widen it:
    naming a channel the token is not granted is a 403. A detail route of an
    ungranted row answers 404, as if it did not exist.
    """

    channel_param = "channel_id"

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if self.channel_field and self.granted_channel_ids is not None:
            self.check_channel_param(request)

    def check_channel_param(self, request):
        for value in request.query_params.getlist(self.channel_param):
            try:
                channel_id = int(value)
            except ValueError:
                continue  # Not a channel id: the filter's to reject (400).
            if channel_id not in self.granted_channel_ids:
                raise PermissionDenied({self.channel_param: ["Your token is not granted this channel."]})

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.channel_field and self.granted_channel_ids is not None:
            queryset = queryset.filter(**{f"{self.channel_field}__in": self.granted_channel_ids})
        return queryset

    def rows_scope(self):
        return self.granted_channel_ids if self.channel_field else None


class ChannelScopedMixin(ChannelGrantsMixin):
    """Scopes a data-warehouse endpoint to the ``channel_id`` in its path.

    The channel must exist (404) and the user must be staff or granted it (403).
    ``channel_optional`` serves rows without a channel under every channel too
    (a log of changes that include reference data).
    """

    channel_optional: bool = False

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self.check_channel(int(self.kwargs["channel_id"]))

    def check_channel(self, channel_id: int):
        granted = self.granted_channel_ids
        # A grant names an existing channel: a granted token costs no second query.
        if granted is not None and channel_id in granted:
            return
        if not channel_model()._default_manager.filter(pk=channel_id).exists():
            raise Http404
        if granted is not None:
            raise PermissionDenied("Your token is not granted this channel.")

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.channel_field:
            scope = Q(**{self.channel_field: self.kwargs["channel_id"]})
            if self.channel_optional:
                scope |= Q(**{f"{self.channel_field}__isnull": True})
            queryset = queryset.filter(scope)
        return queryset


class DataWarehouseViewSet(ChannelScopedMixin, ReadOnlyViewSet):
    """A data-warehouse list endpoint; its rows are those of the path's channel.

    Reference data (geography, content types) sets ``channel_field = None``.
    """

    channel_field = "channel"
