from django.contrib import admin

from api.admin.base import ReportingAdmin
from datawarehouse.products.models import Product, ProductImage


@admin.register(Product)
class ProductAdmin(ReportingAdmin):
    list_display = ("id", "sku", "name", "product_type", "base_code", "is_active", "channel", "modified_date")
    list_filter = ("product_type", "is_active", "is_listable", "channel")
    # Sorting a million products by a yes/no column sorts them all; its filter groups them.
    sortable_by = ("id", "sku", "name", "product_type", "base_code", "channel", "modified_date")
    search_fields = ("sku", "base_code", "name")
    raw_id_fields = ("parent", "listable_product", "pretty_url", "group_products")
    list_select_related = ("channel",)


@admin.register(ProductImage)
class ProductImageAdmin(ReportingAdmin):
    list_display = ("id", "product", "status", "order", "width", "height", "modified_date")
    list_filter = ("status", "channel")
    search_fields = ("=product__sku",)
    raw_id_fields = ("product",)
    list_select_related = ("product",)
