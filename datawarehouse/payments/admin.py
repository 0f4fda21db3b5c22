from django.contrib import admin

from api.admin.base import ReportingAdmin
from datawarehouse.payments.models import Pos


@admin.register(Pos)
class PosAdmin(ReportingAdmin):
    list_display = ("id", "name", "slug", "gateway", "channel", "modified_date")
    list_filter = ("channel",)
    search_fields = ("name", "slug", "gateway")
    list_select_related = ("channel",)
