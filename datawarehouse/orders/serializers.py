"""Orders as the data warehouse documents them: fields in the example JSON's order."""

from api.serializers import ModelSerializer
from datawarehouse.orders.models import BenefitApplicant, DiscountItem, Order, OrderItem, Transaction


class OrderSerializer(ModelSerializer):
    class Meta:
        model = Order
        fields = [
            "id",
            "status",
            "currency",
            "client_type",
            "shipping_company",
            "created_date",
            "modified_date",
            "number",
            "amount",
            "discount_amount",
            "shipping_amount",
            "shipping_tax_rate",
            "refund_amount",
            "discount_refund_amount",
            "shipping_refund_amount",
            "invoice_number",
            "invoice_date",
            "e_archive_url",
            "tracking_number",
            "defined_tracking_url",
            "remote_addr",
            "has_gift_box",
            "gift_box_note",
            "language_code",
            "notes",
            "delivery_range",
            "extra_field",
            "user_email",
            "shipping_option_slug",
            "payment_option_slug",
            "bin_number",
            "installment_count",
            "installment_interest_amount",
            "shipping_tracking_url",
            "user",
            "basket",
            "shipping_option",
            "payment_option",
            "card",
            "installment",
            "segment",
            "shipping_address",
            "billing_address",
            "checkout_provider",
        ]


class OrderItemSerializer(ModelSerializer):
    class Meta:
        model = OrderItem
        fields = [
            "id",
            "status",
            "price_currency",
            "shipping_company",
            "created_date",
            "modified_date",
            "attributes",
            "attributes_kwargs",
            "localized_attributes",
            "localized_attributes_kwargs",
            "price",
            "tax_rate",
            "invoice_number",
            "invoice_date",
            "e_archive_url",
            "tracking_number",
            "defined_tracking_url",
            "retail_price",
            "image",
            "extra_field",
            "estimated_delivery_date",
            "shipping_tracking_url",
            "order",
            "product",
            "parent",
            "extra_product_price",
            "extra_product_stock",
            "datasource",
            "shipping_option_group",
        ]


class TransactionSerializer(ModelSerializer):
    class Meta:
        model = Transaction
        fields = [
            "id",
            "transaction_type",
            "currency",
            "created_date",
            "modified_date",
            "user_email",
            "remote_addr",
            "transaction_id",
            "raw_request",
            "raw_response",
            "is_succeeded",
            "amount",
            "three_d_used",
            "auth_code",
            "pos",
            "order",
            "main_pos",
            "user",
        ]


class DiscountItemSerializer(ModelSerializer):
    class Meta:
        model = DiscountItem
        fields = [
            "id",
            "created_date",
            "modified_date",
            "name",
            "amount",
            "cancel_amount",
            "data_source_discount_sharing_rate",
            "data",
            "order",
            "conditional_offer",
            "session_offer",
        ]


class BenefitApplicantSerializer(ModelSerializer):
    class Meta:
        model = BenefitApplicant
        fields = ["id", "created_date", "modified_date", "discount_item", "order_item"]
