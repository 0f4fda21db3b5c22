"""Shipping option filters: the shared lookups plus slug, delivery type and active flag."""

from api.filters import BaseFilterSet
from datawarehouse.shippings.models import ShippingOption


class ShippingOptionFilter(BaseFilterSet):
    class Meta:
        model = ShippingOption
        fields = ["slug", "delivery_type", "is_active"]
