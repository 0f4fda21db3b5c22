"""Baskets as the data warehouse documents them: fields in the example JSON's order."""

from api.serializers import ModelSerializer
from datawarehouse.baskets.models import Basket, BasketItem


class BasketSerializer(ModelSerializer):
    class Meta:
        model = Basket
        fields = [
            "id",
            "status",
            "created_date",
            "modified_date",
            "version",
            "voucher_code",
            "namespace",
            "user",
        ]


class BasketItemSerializer(ModelSerializer):
    class Meta:
        model = BasketItem
        fields = [
            "id",
            "currency_type",
            "created_date",
            "modified_date",
            "attributes",
            "attributes_kwargs",
            "localized_attributes",
            "localized_attributes_kwargs",
            "version",
            "reference",
            "quantity",
            "tax_rate",
            "unit_price",
            "image",
            "basket",
            "product",
            "extra_product_price",
            "extra_product_stock",
            "parent",
            "datasource",
        ]
