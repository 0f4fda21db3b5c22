"""Loyalty records as the data warehouse documents them: fields in the example JSON's order."""

from api.serializers import ModelSerializer
from datawarehouse.loyalty.models import LoyaltyAccount, LoyaltyTransaction, LoyaltyTransfer


class LoyaltyAccountSerializer(ModelSerializer):
    class Meta:
        model = LoyaltyAccount
        fields = [
            "id",
            "currency",
            "created_date",
            "modified_date",
            "uuid",
            "number",
            "user_email",
            "balance",
            "debit_allowed",
            "user",
        ]


class LoyaltyTransferSerializer(ModelSerializer):
    class Meta:
        model = LoyaltyTransfer
        fields = [
            "id",
            "currency",
            "created_date",
            "modified_date",
            "uuid",
            "amount",
            "reference",
            "account",
            "transaction",
        ]


class LoyaltyTransactionSerializer(ModelSerializer):
    class Meta:
        model = LoyaltyTransaction
        fields = [
            "id",
            "currency",
            "created_date",
            "modified_date",
            "remote_addr",
            "uuid",
            "amount",
            "user_email",
            "reference",
            "order",
            "user",
        ]
