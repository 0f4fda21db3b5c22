"""CMS endpoints (sections 15, 27-33)."""

from api.viewsets import DataWarehouseViewSet
from datawarehouse.cms import filters, serializers
from datawarehouse.cms.models import (
    LandingPage,
    LandingPageType,
    PrettyUrl,
    Seo,
    SpecialPage,
    SpecialPagePrettyUrl,
    Widget,
    WidgetType,
)


class PrettyUrlViewSet(DataWarehouseViewSet):
    queryset = PrettyUrl.objects.all()
    serializer_class = serializers.PrettyUrlSerializer
    filterset_class = filters.PrettyUrlFilter


class SeoViewSet(DataWarehouseViewSet):
    queryset = Seo.objects.all()
    serializer_class = serializers.SeoSerializer
    filterset_class = filters.SeoFilter


class SpecialPageViewSet(DataWarehouseViewSet):
    queryset = SpecialPage.objects.all()
    serializer_class = serializers.SpecialPageSerializer
    filterset_class = filters.SpecialPageFilter


class WidgetTypeViewSet(DataWarehouseViewSet):
    queryset = WidgetType.objects.all()
    serializer_class = serializers.WidgetTypeSerializer
    filterset_class = filters.WidgetTypeFilter


class WidgetViewSet(DataWarehouseViewSet):
    queryset = Widget.objects.all()
    serializer_class = serializers.WidgetSerializer
    filterset_class = filters.WidgetFilter


class SpecialPagePrettyUrlViewSet(DataWarehouseViewSet):
    queryset = SpecialPagePrettyUrl.objects.all()
    serializer_class = serializers.SpecialPagePrettyUrlSerializer
    filterset_class = filters.SpecialPagePrettyUrlFilter


class LandingPageTypeViewSet(DataWarehouseViewSet):
    queryset = LandingPageType.objects.all()
    serializer_class = serializers.LandingPageTypeSerializer
    filterset_class = filters.LandingPageTypeFilter


class LandingPageViewSet(DataWarehouseViewSet):
    queryset = LandingPage.objects.all()
    serializer_class = serializers.LandingPageSerializer
    filterset_class = filters.LandingPageFilter
