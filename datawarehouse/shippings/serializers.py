"""Shipping options as the data warehouse documents them: fields in the example JSON's order."""

from api.serializers import ModelSerializer
from datawarehouse.shippings.models import ShippingOption


class ShippingOptionSerializer(ModelSerializer):
    class Meta:
        model = ShippingOption
        fields = [
            "id",
            "delivery_type",
            "translations",
            "created_date",
            "modified_date",
            "name",
            "slug",
            "logo",
            "is_active",
            "sort_order",
            "calculator",
            "rule",
            "kwargs",
            "description",
        ]
