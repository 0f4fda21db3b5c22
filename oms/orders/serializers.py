"""OMS order item serializers: fields in the documented order.

The full list and the detail nest the status, the product (with its images)
and the price and stock lists; ``list-simple`` gives the status, order and
product as ids and nests only the two lists.
"""

from api.serializers import ModelSerializer
from oms.orders.models import OrderItem, OrderStatus, PriceList, Product, ProductImage, StockList


class OrderStatusSerializer(ModelSerializer):
    class Meta:
        model = OrderStatus
        fields = [
            "id",
            "created_date",
            "modified_date",
            "translations",
            "name",
            "config",
            "enum_class",
            "enum_value",
            "content_type",
        ]


class ProductImageSerializer(ModelSerializer):
    class Meta:
        model = ProductImage
        fields = ["order", "id", "url", "product"]


class ProductSerializer(ModelSerializer):
    productimage_set = ProductImageSerializer(many=True, read_only=True)

    class Meta:
        model = Product
        fields = [
            "id",
            "productimage_set",
            "created_date",
            "modified_date",
            "omnitron_id",
            "name",
            "base_code",
            "sku",
            "barcode",
            "attributes",
            "attributes_kwargs",
            "extra_attributes",
            "remote_modified_date",
        ]


LIST_FIELDS = ["pk", "code", "name", "created_date", "is_auto_sync", "modified_date"]


class PriceListSerializer(ModelSerializer):
    class Meta:
        model = PriceList
        fields = LIST_FIELDS


class StockListSerializer(ModelSerializer):
    class Meta:
        model = StockList
        fields = LIST_FIELDS


# The item's own fields, between the leading relations and the trailing ids.
ITEM_FIELDS = [
    "created_date",
    "modified_date",
    "omnitron_id",
    "net_amount",
    "price",
    "price_currency",
    "retail_price",
    "tax_rate",
    "tax_amount",
    "discount_amount",
    "without_net_amount",
    "installment_interest_amount",
    "attributes",
    "attributes_kwargs",
    "image",
    "price_list",
    "stock_list",
    "extra_field",
    "parent_omnitron_id",
]


class OrderItemSimpleSerializer(ModelSerializer):
    price_list = PriceListSerializer(read_only=True)
    stock_list = StockListSerializer(read_only=True)

    class Meta:
        model = OrderItem
        fields = ["id", *ITEM_FIELDS, "state", "order", "product"]


class OrderItemSerializer(OrderItemSimpleSerializer):
    state = OrderStatusSerializer(read_only=True)
    product = ProductSerializer(read_only=True)

    class Meta:
        model = OrderItem
        fields = ["id", "state", "product", *ITEM_FIELDS, "order"]
