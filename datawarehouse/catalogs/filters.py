"""Catalog filtersets: the shared lookups plus a subtree by path prefix, and prices by product."""

from api.filters import BaseFilterSet
from datawarehouse.catalogs.models import CategoryNode, ProductPrice


class CategoryNodeFilter(BaseFilterSet):
    """``path__startswith`` selects a node and everything under it; ``sort=path`` walks the tree in order."""

    sort_fields = ("id", "modified_date", "path")

    class Meta:
        model = CategoryNode
        fields = {"path": ["exact", "startswith"], "depth": ["exact", "lte"], "pretty_url": ["exact"]}


class ProductPriceFilter(BaseFilterSet):
    class Meta:
        model = ProductPrice
        fields = ["product", "price_type", "currency_type"]
