from django.contrib import admin

from api.admin.base import ReportingAdmin
from datawarehouse.loyalty.models import LoyaltyAccount, LoyaltyTransaction, LoyaltyTransfer


@admin.register(LoyaltyAccount)
class LoyaltyAccountAdmin(ReportingAdmin):
    list_display = ("id", "number", "user_email", "balance", "currency", "debit_allowed", "modified_date")
    list_filter = ("currency", "debit_allowed", "channel")
    search_fields = ("number", "user_email", "=uuid")
    raw_id_fields = ("user",)
    date_hierarchy = "created_date"


@admin.register(LoyaltyTransaction)
class LoyaltyTransactionAdmin(ReportingAdmin):
    list_display = ("id", "reference", "amount", "currency", "user_email", "order", "created_date")
    list_filter = ("currency", "channel")
    search_fields = ("reference", "user_email", "=uuid")
    raw_id_fields = ("order", "user")
    list_select_related = ("order",)
    date_hierarchy = "created_date"


@admin.register(LoyaltyTransfer)
class LoyaltyTransferAdmin(ReportingAdmin):
    list_display = ("id", "reference", "amount", "currency", "account", "transaction", "created_date")
    list_filter = ("currency", "channel")
    search_fields = ("reference", "=account__number", "=uuid")
    raw_id_fields = ("account", "transaction")
    list_select_related = ("account", "transaction")
    date_hierarchy = "created_date"
