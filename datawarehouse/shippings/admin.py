from django.contrib import admin

from api.admin.base import ReportingAdmin
from datawarehouse.shippings.models import ShippingOption


@admin.register(ShippingOption)
class ShippingOptionAdmin(ReportingAdmin):
    list_display = ("id", "name", "slug", "delivery_type", "is_active", "sort_order", "modified_date")
    list_filter = ("delivery_type", "is_active", "channel")
    search_fields = ("name", "slug")
