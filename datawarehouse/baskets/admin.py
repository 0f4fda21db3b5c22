from django.contrib import admin

from api.admin.base import ReportingAdmin
from datawarehouse.baskets.models import Basket, BasketItem


@admin.register(Basket)
class BasketAdmin(ReportingAdmin):
    list_display = ("id", "status", "user", "voucher_code", "namespace", "created_date", "modified_date")
    list_filter = ("status", "channel")
    search_fields = ("=id", "voucher_code", "=user__email")
    raw_id_fields = ("user",)
    list_select_related = ("user",)
    date_hierarchy = "created_date"


@admin.register(BasketItem)
class BasketItemAdmin(ReportingAdmin):
    list_display = ("id", "basket", "product", "reference", "quantity", "unit_price", "created_date")
    list_filter = ("channel",)
    search_fields = ("reference", "=product__sku")
    raw_id_fields = ("basket", "product", "parent")
    list_select_related = ("basket", "product")
    date_hierarchy = "created_date"
