"""Basket filtersets: the shared lookups plus the user, basket and product a report joins on."""

from api.filters import BaseFilterSet
from datawarehouse.baskets.models import Basket, BasketItem


class BasketFilter(BaseFilterSet):
    class Meta:
        model = Basket
        fields = ["user", "status", "namespace", "voucher_code"]


class BasketItemFilter(BaseFilterSet):
    class Meta:
        model = BasketItem
        fields = ["basket", "product", "parent"]
