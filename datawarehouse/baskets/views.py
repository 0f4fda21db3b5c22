"""Basket endpoints (sections 42-43): newest first, as the documentation's examples list them."""

from api.viewsets import DataWarehouseViewSet
from datawarehouse.baskets import filters, serializers
from datawarehouse.baskets.models import Basket, BasketItem


class BasketViewSet(DataWarehouseViewSet):
    queryset = Basket.objects.all()
    serializer_class = serializers.BasketSerializer
    filterset_class = filters.BasketFilter
    ordering = ("-id",)


class BasketItemViewSet(DataWarehouseViewSet):
    queryset = BasketItem.objects.all()
    serializer_class = serializers.BasketItemSerializer
    filterset_class = filters.BasketItemFilter
    ordering = ("-id",)
