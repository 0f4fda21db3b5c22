"""Loyalty filtersets: the shared lookups plus the user, order and account a report joins on."""

from api.filters import BaseFilterSet
from datawarehouse.loyalty.models import LoyaltyAccount, LoyaltyTransaction, LoyaltyTransfer


class LoyaltyAccountFilter(BaseFilterSet):
    class Meta:
        model = LoyaltyAccount
        fields = ["user", "user_email", "number", "currency"]


class LoyaltyTransferFilter(BaseFilterSet):
    class Meta:
        model = LoyaltyTransfer
        fields = ["account", "transaction", "reference", "currency"]


class LoyaltyTransactionFilter(BaseFilterSet):
    class Meta:
        model = LoyaltyTransaction
        fields = ["user", "order", "user_email", "reference", "currency"]
