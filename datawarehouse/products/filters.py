"""Product filtersets: the shared lookups plus what a catalogue export selects by."""

from api.filters import BaseFilterSet
from datawarehouse.products.models import Product, ProductImage


class ProductFilter(BaseFilterSet):
    class Meta:
        model = Product
        fields = [
            "product_type",
            "sku",
            "base_code",
            "uuid",
            "is_active",
            "is_listable",
            "is_seller_product",
            "parent",
            "listable_product",
            "attribute_set",
            "data_source",
        ]


class ProductImageFilter(BaseFilterSet):
    class Meta:
        model = ProductImage
        fields = ["product", "status"]
