from django.contrib import admin

from api.admin.base import ReportingAdmin
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


@admin.register(Condition)
class ConditionAdmin(ReportingAdmin):
    list_display = ("id", "condition_type", "upsell_message", "product_collection", "modified_date")
    list_filter = ("condition_type", "channel")
    raw_id_fields = ("product_collection",)
    list_select_related = ("product_collection",)


@admin.register(Benefit)
class BenefitAdmin(ReportingAdmin):
    list_display = ("id", "benefit_type", "product_collection", "modified_date")
    list_filter = ("benefit_type", "channel")
    raw_id_fields = ("product_collection",)
    list_select_related = ("product_collection",)


@admin.register(BasketOffer)
class BasketOfferAdmin(ReportingAdmin):
    list_display = ("id", "label", "offer_type", "status", "start_datetime", "end_datetime", "modified_date")
    list_filter = ("status", "offer_type", "is_visible", "channel")
    search_fields = ("label", "voucher_code")
    raw_id_fields = ("promotion", "condition", "benefit", "user")
    date_hierarchy = "start_datetime"


@admin.register(Promotion)
class PromotionAdmin(ReportingAdmin):
    list_display = ("id", "name", "slug", "modified_date")
    list_filter = ("channel",)
    search_fields = ("name", "slug")


@admin.register(BulkVoucherCode)
class BulkVoucherCodeAdmin(ReportingAdmin):
    list_display = ("id", "code", "status", "basket_offer", "order", "user", "modified_date")
    list_filter = ("status", "channel")
    search_fields = ("code",)
    raw_id_fields = ("basket_offer", "order", "discount_item", "user")
    list_select_related = ("basket_offer", "order", "user")


@admin.register(SessionOffer)
class SessionOfferAdmin(ReportingAdmin):
    list_display = ("id", "code", "type", "status", "modified_date")
    list_filter = ("type", "status", "channel")
    search_fields = ("code",)


@admin.register(LoyaltyCard)
class LoyaltyCardAdmin(ReportingAdmin):
    list_display = ("id", "number", "user", "modified_date")
    list_filter = ("channel",)
    search_fields = ("number",)
    raw_id_fields = ("user",)
    list_select_related = ("user",)


@admin.register(ProductCollection)
class ProductCollectionAdmin(ReportingAdmin):
    list_display = ("id", "name", "collection_type", "is_active", "expiration_date", "modified_date")
    list_filter = ("collection_type", "is_active", "channel")
    search_fields = ("name", "slug")


@admin.register(ProductCollectionItem)
class ProductCollectionItemAdmin(ReportingAdmin):
    list_display = ("id", "collection", "product", "modified_date")
    list_filter = ("channel",)
    search_fields = ("uuid", "=product__sku")
    raw_id_fields = ("product", "collection")
    list_select_related = ("collection", "product")
