"""Campaign records as sections 18-26 document them (fields in the documented order)."""

from api.serializers import ModelSerializer
from datawarehouse.campaigns.models import (
    BasketOffer,
    Benefit,
    BulkVoucherCode,
    Condition,
    LoyaltyCard,
    ProductCollection,
    ProductCollectionItem,
    Promotion,
    SessionOffer,
)


class ConditionSerializer(ModelSerializer):
    class Meta:
        model = Condition
        fields = [
            "id",
            "condition_type",
            "translations",
            "created_date",
            "modified_date",
            "upsell_message",
            "kwargs",
            "product_collection",
        ]


class BenefitSerializer(ModelSerializer):
    class Meta:
        model = Benefit
        fields = ["id", "benefit_type", "created_date", "modified_date", "kwargs", "product_collection"]


class BasketOfferSerializer(ModelSerializer):
    class Meta:
        model = BasketOffer
        fields = [
            "id",
            "status",
            "offer_type",
            "currencies",
            "translations",
            "created_date",
            "modified_date",
            "label",
            "voucher_code",
            "is_visible",
            "is_visible_on_list",
            "start_datetime",
            "end_datetime",
            "priority",
            "allowed_quantity_per_basket",
            "is_mergable",
            "max_usage_per_user",
            "kwargs",
            "is_available_for_data_sources",
            "max_stock_limit",
            "promotion",
            "condition",
            "benefit",
            "user",
        ]


class PromotionSerializer(ModelSerializer):
    class Meta:
        model = Promotion
        fields = ["id", "translations", "created_date", "modified_date", "name", "slug"]


class BulkVoucherCodeSerializer(ModelSerializer):
    class Meta:
        model = BulkVoucherCode
        fields = [
            "id",
            "status",
            "created_date",
            "modified_date",
            "code",
            "basket_offer",
            "order",
            "discount_item",
            "user",
        ]


class SessionOfferSerializer(ModelSerializer):
    class Meta:
        model = SessionOffer
        fields = ["id", "status", "type", "created_date", "modified_date", "code", "response"]


class LoyaltyCardSerializer(ModelSerializer):
    class Meta:
        model = LoyaltyCard
        fields = [
            "id",
            "created_date",
            "modified_date",
            "attributes",
            "attributes_kwargs",
            "localized_attributes",
            "localized_attributes_kwargs",
            "number",
            "user",
        ]


class ProductCollectionItemSerializer(ModelSerializer):
    class Meta:
        model = ProductCollectionItem
        fields = ["id", "created_date", "modified_date", "uuid", "product", "collection"]


class ProductCollectionSerializer(ModelSerializer):
    class Meta:
        model = ProductCollection
        fields = [
            "id",
            "collection_type",
            "created_date",
            "modified_date",
            "name",
            "is_active",
            "expiration_date",
            "uuid",
            "slug",
            "sort_option",
        ]
