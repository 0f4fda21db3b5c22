"""Campaign filtersets: the shared lookups plus each record's type, status and parents."""

from api.filters import BaseFilterSet
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


class ConditionFilter(BaseFilterSet):
    class Meta:
        model = Condition
        fields = ["condition_type", "product_collection"]


class BenefitFilter(BaseFilterSet):
    class Meta:
        model = Benefit
        fields = ["benefit_type", "product_collection"]


class BasketOfferFilter(BaseFilterSet):
    class Meta:
        model = BasketOffer
        fields = ["status", "offer_type", "voucher_code", "promotion", "condition", "benefit", "user"]


class PromotionFilter(BaseFilterSet):
    class Meta:
        model = Promotion
        fields = ["slug"]


class BulkVoucherCodeFilter(BaseFilterSet):
    class Meta:
        model = BulkVoucherCode
        fields = ["status", "code", "basket_offer", "order", "discount_item", "user"]


class SessionOfferFilter(BaseFilterSet):
    class Meta:
        model = SessionOffer
        fields = ["status", "type", "code"]


class LoyaltyCardFilter(BaseFilterSet):
    class Meta:
        model = LoyaltyCard
        fields = ["number", "user"]


class ProductCollectionItemFilter(BaseFilterSet):
    class Meta:
        model = ProductCollectionItem
        fields = ["product", "collection"]


class ProductCollectionFilter(BaseFilterSet):
    class Meta:
        model = ProductCollection
        fields = ["collection_type", "is_active", "slug"]
