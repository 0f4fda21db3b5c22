"""Loyalty endpoints (sections 34-36)."""

from api.viewsets import DataWarehouseViewSet
from datawarehouse.loyalty import filters, serializers
from datawarehouse.loyalty.models import LoyaltyAccount, LoyaltyTransaction, LoyaltyTransfer


class LoyaltyAccountViewSet(DataWarehouseViewSet):
    """Accounts, newest first as the documentation's example lists them."""

    queryset = LoyaltyAccount.objects.all()
    serializer_class = serializers.LoyaltyAccountSerializer
    filterset_class = filters.LoyaltyAccountFilter
    ordering = ("-id",)


class LoyaltyTransferViewSet(DataWarehouseViewSet):
    queryset = LoyaltyTransfer.objects.all()
    serializer_class = serializers.LoyaltyTransferSerializer
    filterset_class = filters.LoyaltyTransferFilter


class LoyaltyTransactionViewSet(DataWarehouseViewSet):
    queryset = LoyaltyTransaction.objects.all()
    serializer_class = serializers.LoyaltyTransactionSerializer
    filterset_class = filters.LoyaltyTransactionFilter
