from django.contrib import admin

from api.admin.base import ReportingAdmin
from datawarehouse.social.models import SocialAccount


@admin.register(SocialAccount)
class SocialAccountAdmin(ReportingAdmin):
    list_display = ("id", "provider", "uid", "user", "date_joined", "last_login")
    list_filter = ("provider", "channel")
    search_fields = ("=uid", "=user__email")
    raw_id_fields = ("user",)
    list_select_related = ("user",)
    date_hierarchy = "date_joined"
