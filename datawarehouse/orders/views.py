"""Orders endpoints (sections 10 to 14)."""

from api.viewsets import DataWarehouseViewSet
from datawarehouse.orders import filters, serializers
from datawarehouse.orders.models import BenefitApplicant, DiscountItem, Order, OrderItem, Transaction


class OrderViewSet(DataWarehouseViewSet):
    queryset = Order.objects.all()
    serializer_class = serializers.OrderSerializer
    filterset_class = filters.OrderFilter


class OrderItemViewSet(DataWarehouseViewSet):
    queryset = OrderItem.objects.all()
    serializer_class = serializers.OrderItemSerializer
    filterset_class = filters.OrderItemFilter


class TransactionViewSet(DataWarehouseViewSet):
    queryset = Transaction.objects.all()
    serializer_class = serializers.TransactionSerializer
    filterset_class = filters.TransactionFilter


class DiscountItemViewSet(DataWarehouseViewSet):
    queryset = DiscountItem.objects.all()
    serializer_class = serializers.DiscountItemSerializer
    filterset_class = filters.DiscountItemFilter


class BenefitApplicantViewSet(DataWarehouseViewSet):
    queryset = BenefitApplicant.objects.all()
    serializer_class = serializers.BenefitApplicantSerializer
    filterset_class = filters.BenefitApplicantFilter
