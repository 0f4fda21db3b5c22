"""Admin for OMS customers."""

from django.contrib import admin

from api.admin.base import ReportingAdmin
from oms.customers.models import Customer


@admin.register(Customer)
class CustomerAdmin(ReportingAdmin):
    list_display = ("id", "email", "first_name", "last_name", "phone_number", "channel", "modified_date")
    list_filter = ("channel",)
    list_select_related = ("channel",)
    search_fields = ("email", "phone_number", "erp_code", "last_name")
    date_hierarchy = "modified_date"
