"""Catalog endpoints (sections 45-46)."""

from api.viewsets import DataWarehouseViewSet
from datawarehouse.catalogs import filters, serializers
from datawarehouse.catalogs.models import CategoryNode, ProductPrice


class CategoryNodeViewSet(DataWarehouseViewSet):
    queryset = CategoryNode.objects.all()
    serializer_class = serializers.CategoryNodeSerializer
    filterset_class = filters.CategoryNodeFilter


class ProductPriceViewSet(DataWarehouseViewSet):
    """Prices, newest first as the documentation's example lists them."""

    queryset = ProductPrice.objects.all()
    serializer_class = serializers.ProductPriceSerializer
    filterset_class = filters.ProductPriceFilter
    ordering = ("-id",)
