"""Category nodes and product prices as documented: fields in the example JSON's order."""

from api.serializers import ModelSerializer
from datawarehouse.catalogs.models import CategoryNode, ProductPrice


class CategoryNodeSerializer(ModelSerializer):
    class Meta:
        model = CategoryNode
        fields = [
            "id",
            "created_date",
            "modified_date",
            "uuid",
            "attributes",
            "attributes_kwargs",
            "localized_attributes",
            "localized_attributes_kwargs",
            "path",
            "depth",
            "numchild",
            "order",
            "name",
            "pretty_url",
            "sort_option",
        ]


class ProductPriceSerializer(ModelSerializer):
    class Meta:
        model = ProductPrice
        fields = [
            "id",
            "currency_type",
            "price_type",
            "created_date",
            "modified_date",
            "retail_price",
            "tax_rate",
            "price",
            "extra_field",
            "product",
        ]
