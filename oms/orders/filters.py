"""OMS order item filters: the documented ``order_number`` plus the shared lookups."""

import django_filters

from api.filters import BaseFilterSet
from oms.orders.models import OrderItem


class OrderItemFilter(BaseFilterSet):
    order_number = django_filters.CharFilter(field_name="order__number", label="Order number")

    class Meta:
        model = OrderItem
        fields = ["order_number"]
