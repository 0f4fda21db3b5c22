"""Change-tracking endpoints (sections 38, 39, 44, 47, 48, 49)."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from reversion.models import Revision, Version

from api.schema import FULL_RESYNC_RESPONSE
from api.viewsets import DataWarehouseViewSet
from datawarehouse.tracking import filters, serializers
from datawarehouse.tracking.models import AuditEvent, ChannelRedirect, DeletedItem, TrackedContentType


class ContentTypeViewSet(DataWarehouseViewSet):
    """Reference data: every content type, under every channel."""

    queryset = TrackedContentType.objects.all()
    serializer_class = serializers.ContentTypeSerializer
    filterset_class = filters.ContentTypeFilter
    channel_field = None


class RedirectViewSet(DataWarehouseViewSet):
    queryset = ChannelRedirect.objects.all()
    serializer_class = serializers.RedirectSerializer
    filterset_class = filters.RedirectFilter


@extend_schema_view(
    list=extend_schema(responses={200: serializers.DeletedItemSerializer, 410: FULL_RESYNC_RESPONSE})
)
class DeletedItemViewSet(DataWarehouseViewSet):
    queryset = DeletedItem.objects.all()
    serializer_class = serializers.DeletedItemSerializer
    filterset_class = filters.DeletedItemFilter


class RevisionViewSet(DataWarehouseViewSet):
    """Newest first, as django-reversion orders them and the documentation lists them."""

    queryset = Revision.objects.all()
    serializer_class = serializers.RevisionSerializer
    filterset_class = filters.RevisionFilter
    channel_field = "channel_link__channel"
    channel_optional = True
    ordering = ("-id",)


class VersionViewSet(DataWarehouseViewSet):
    """Newest first, as django-reversion orders them and the documentation lists them."""

    queryset = Version.objects.all()
    serializer_class = serializers.VersionSerializer
    filterset_class = filters.VersionFilter
    channel_field = "revision__channel_link__channel"
    channel_optional = True
    ordering = ("-id",)


class AuditEventViewSet(DataWarehouseViewSet):
    queryset = AuditEvent.objects.all()
    serializer_class = serializers.AuditEventSerializer
    filterset_class = filters.AuditEventFilter
    channel_optional = True
