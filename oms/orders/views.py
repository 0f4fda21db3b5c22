"""OMS order item endpoints."""

from api.viewsets import GrantedChannelsMixin, ReadOnlyDetailViewSet, ReadOnlyViewSet
from oms.orders.filters import OrderItemFilter
from oms.orders.models import OrderItem
from oms.orders.serializers import OrderItemSerializer, OrderItemSimpleSerializer


class OrderItemViewSet(GrantedChannelsMixin, ReadOnlyDetailViewSet):
    """Items with their status, product and lists nested: one query each, whatever the page size."""

    channel_field = "order__channel"

    queryset = OrderItem.objects.select_related(
        "state", "product", "price_list", "stock_list"
    ).prefetch_related("product__productimage_set")
    serializer_class = OrderItemSerializer
    filterset_class = OrderItemFilter


class OrderItemSimpleViewSet(GrantedChannelsMixin, ReadOnlyViewSet):
    channel_field = "order__channel"
    queryset = OrderItem.objects.all()
    serializer_class = OrderItemSimpleSerializer
    filterset_class = OrderItemFilter
