from django.contrib import admin

from api.admin.base import ReportingAdmin
from sales_channels.models import Channel


@admin.register(Channel)
class ChannelAdmin(ReportingAdmin):
    list_display = ("id", "name", "channel_type", "is_active", "modified_date")
    list_filter = ("channel_type", "is_active")
    search_fields = ("name",)
    filter_horizontal = ("users",)
