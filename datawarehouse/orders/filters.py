"""Orders filtersets: the shared lookups plus the order, user, product and status filters reports join on."""

from api.filters import BaseFilterSet
from datawarehouse.orders.models import BenefitApplicant, DiscountItem, Order, OrderItem, Transaction


class OrderFilter(BaseFilterSet):
    sort_fields = ("id", "modified_date", "created_date")

    class Meta:
        model = Order
        fields = ["user", "status", "number", "client_type", "currency", "basket", "shipping_option"]


class OrderItemFilter(BaseFilterSet):
    sort_fields = ("id", "modified_date", "created_date")

    class Meta:
        model = OrderItem
        fields = ["order", "product", "status", "parent"]


class TransactionFilter(BaseFilterSet):
    class Meta:
        model = Transaction
        fields = ["order", "user", "transaction_type", "is_succeeded", "pos"]


class DiscountItemFilter(BaseFilterSet):
    class Meta:
        model = DiscountItem
        fields = ["order", "conditional_offer", "session_offer"]


class BenefitApplicantFilter(BaseFilterSet):
    class Meta:
        model = BenefitApplicant
        fields = ["discount_item", "order_item"]
