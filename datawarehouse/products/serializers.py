"""Products and product images as sections 16 and 17 document them (fields in the documented order)."""

from api.serializers import ModelSerializer
from datawarehouse.products.models import Product, ProductImage


class ProductSerializer(ModelSerializer):
    class Meta:
        model = Product
        fields = [
            "id",
            "product_type",
            "created_date",
            "modified_date",
            "attributes",
            "attributes_kwargs",
            "localized_attributes",
            "localized_attributes_kwargs",
            "name",
            "base_code",
            "sku",
            "uuid",
            "is_active",
            "extra_attributes",
            "listing_code",
            "is_seller_product",
            "is_listable",
            "is_form_required",
            "parent",
            "attribute_set",
            "custom_attribute_set",
            "pretty_url",
            "listable_product",
            "data_source",
            "group_products",
        ]


class ProductImageSerializer(ModelSerializer):
    class Meta:
        model = ProductImage
        fields = [
            "id",
            "status",
            "created_date",
            "modified_date",
            "image",
            "height",
            "width",
            "order",
            "product",
        ]
