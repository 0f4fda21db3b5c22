"""The read-only viewsets every endpoint is declared with.

An endpoint sets ``queryset``, ``serializer_class`` and ``filterset_class``
(and, under a channel, ``channel_field``); listing, the fast path, keyset
pagination, strict query parameters and channel scoping happen here.
"""

from operator import attrgetter

from django.conf import settings
from django.db.models import Q
from django.shortcuts import get_object_or_404
from rest_framework import mixins, viewsets
from rest_framework.exceptions import PermissionDenied, ValidationError

from api.fastpath import row_plan
from api.optional_fields import INCLUDE, optional_fields, requested_fields, with_fields
from api.pagination import CURSOR, keyset_ordering, seek_ordering
from api.replica import reporting_reads
from sales_channels.models import Channel

# Parameters every list accepts besides its filters and pagination.
COMMON_PARAMS = ("format",)


class ReadOnlyViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """A list endpoint. ``ordering`` is the default sort (``id`` is always added last)."""

    ordering: tuple[str, ...] = ("id",)

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
        if request.method == "GET" and self.action == "list":
            self.check_query_params(request)

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
        return [*filters, *self.paginator.query_params, *optional, *COMMON_PARAMS]

    def get_serializer_class(self):
        serializer_class = super().get_serializer_class()
        request = getattr(self, "request", None)
        included = requested_fields(request, serializer_class) if request is not None else ()
        return with_fields(serializer_class, included) if included else serializer_class

    def check_query_params(self, request):
        """Reject unknown and empty parameters.

        A misspelt filter (``modifed_date__gt``) or an empty one
        (``modified_date__gt=``) would otherwise be ignored and silently turn an
        incremental sync into a full export.
        """
        accepted = self.accepted_query_params()
        errors = {}
        for param, values in request.query_params.lists():
            if param not in accepted:
                errors[param] = [f"Unknown query parameter. Accepted parameters: {', '.join(accepted)}."]
            elif param != CURSOR and any(not value.strip() for value in values):
                errors[param] = ["This parameter needs a value."]
        if errors:
            raise ValidationError(errors)

    def list(self, request, *args, **kwargs):
        with reporting_reads():
            return self.list_page(request)

    def list_page(self, request):
        queryset = self.filter_queryset(self.get_queryset())
        plan = row_plan(self.get_serializer_class()) if settings.API_FAST_PATH else None
        if plan is None:
            page = self.paginate_queryset(queryset)
            data = self.get_serializer(page, many=True).data
        else:
            self.plan = plan
            # The sort key of a page's last row goes into its next link, in either mode.
            keyset = CURSOR in request.query_params
            ordering = keyset_ordering(queryset) if keyset else seek_ordering(queryset)
            sort_columns = [name for name, _ in ordering or []]
            page = self.paginate_queryset(plan.select(queryset, sort_columns))
            data = plan.rows(page)
        return self.get_paginated_response(data)

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
        with reporting_reads():
            return super().retrieve(request, *args, **kwargs)


class ChannelScopedMixin:
    """Scopes a data-warehouse endpoint to the ``channel_id`` in its path.

    The channel must exist (404) and the user must be staff or granted it (403).
    ``channel_field`` is the lookup from the model to its channel
    (``"channel"``, ``"order__channel"``); ``None`` marks reference data that
    is the same under every channel. ``channel_optional`` serves rows without a
    channel under every channel too (a log of changes that include reference data).
    """

    channel_field: str | None = None
    channel_optional: bool = False

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self.channel = self.get_channel(request)

    def get_channel(self, request):
        channel = get_object_or_404(Channel, pk=self.kwargs["channel_id"])
        if not channel.is_readable_by(request.user):
            raise PermissionDenied("Your token is not granted this channel.")
        return channel

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
