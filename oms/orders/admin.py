"""Admin for OMS orders, order items and what they point at."""

from django.contrib import admin

from api.admin.base import ReportingAdmin
from oms.orders.models import Order, OrderItem, OrderStatus, PriceList, Product, ProductImage, StockList


@admin.register(Order)
class OrderAdmin(ReportingAdmin):
    list_display = ("id", "number", "channel", "customer", "modified_date")
    list_filter = ("channel",)
    list_select_related = ("channel", "customer")
    search_fields = ("=number",)
    raw_id_fields = ("customer",)
    date_hierarchy = "created_date"


@admin.register(OrderStatus)
class OrderStatusAdmin(ReportingAdmin):
    list_display = ("id", "name", "enum_class", "enum_value", "content_type", "modified_date")
    list_filter = ("enum_class",)
    list_select_related = ("content_type",)
    search_fields = ("name", "enum_value")


class ProductImageInline(admin.TabularInline):
    model = ProductImage
    fields = ("order", "url")
    extra = 0


@admin.register(Product)
class ProductAdmin(ReportingAdmin):
    list_display = ("id", "sku", "name", "base_code", "barcode", "omnitron_id", "modified_date")
    search_fields = ("=sku", "=base_code", "=barcode", "name")
    date_hierarchy = "modified_date"
    inlines = [ProductImageInline]


@admin.register(ProductImage)
class ProductImageAdmin(ReportingAdmin):
    list_display = ("id", "product", "order", "url", "modified_date")
    list_select_related = ("product",)
    search_fields = ("=product__sku",)
    raw_id_fields = ("product",)


@admin.register(PriceList, StockList)
class StockPriceListAdmin(ReportingAdmin):
    list_display = ("id", "name", "code", "is_auto_sync", "modified_date")
    list_filter = ("is_auto_sync",)
    search_fields = ("name", "code")


@admin.register(OrderItem)
class OrderItemAdmin(ReportingAdmin):
    list_display = ("id", "order", "product", "state", "price", "price_currency", "modified_date")
    list_filter = ("state",)
    list_select_related = ("order", "product", "state")
    search_fields = ("=order__number", "=product__sku")
    raw_id_fields = ("order", "product")
    date_hierarchy = "created_date"
