"""Shipping option endpoint (section 41)."""

from api.viewsets import DataWarehouseViewSet
from datawarehouse.shippings.filters import ShippingOptionFilter
from datawarehouse.shippings.models import ShippingOption
from datawarehouse.shippings.serializers import ShippingOptionSerializer


class ShippingOptionViewSet(DataWarehouseViewSet):
    queryset = ShippingOption.objects.all()
    serializer_class = ShippingOptionSerializer
    filterset_class = ShippingOptionFilter
