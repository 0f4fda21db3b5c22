"""Product endpoints (sections 16, 17)."""

from django.db.models import Prefetch

from api.viewsets import DataWarehouseViewSet
from datawarehouse.products.filters import ProductFilter, ProductImageFilter
from datawarehouse.products.models import Product, ProductImage
from datawarehouse.products.serializers import ProductImageSerializer, ProductSerializer


class ProductViewSet(DataWarehouseViewSet):
    """Products. The fast path reads ``group_products`` from its link table, one query a page, in
    id order; the prefetch gives the serializer path (exports, ``API_FAST_PATH`` off) the same."""

    queryset = Product.objects.prefetch_related(
        Prefetch("group_products", queryset=Product.objects.only("id").order_by("id"))
    )
    serializer_class = ProductSerializer
    filterset_class = ProductFilter


class ProductImageViewSet(DataWarehouseViewSet):
    queryset = ProductImage.objects.all()
    serializer_class = ProductImageSerializer
    filterset_class = ProductImageFilter
