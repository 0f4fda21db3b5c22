from django.contrib import admin

from api.admin.base import ReportingAdmin
from datawarehouse.accounts.models import Address, EmailAddress, FavouriteProduct, ProductAlert, User


@admin.register(User)
class UserAdmin(ReportingAdmin):
    # The shop's usernames are its customers' emails: one column of them is enough to fit the page.
    list_display = ("id", "email", "user_type", "is_active", "is_anonymized", "date_joined")
    list_filter = ("channel", "user_type", "is_active", "is_anonymized", "gender")
    search_fields = ("=id", "username", "email", "phone", "last_name")
    date_hierarchy = "date_joined"


@admin.register(EmailAddress)
class EmailAddressAdmin(ReportingAdmin):
    list_display = ("id", "email", "user", "verified", "primary", "modified_date")
    list_filter = ("channel", "verified", "primary")
    search_fields = ("email", "=user__username")
    raw_id_fields = ("user",)
    list_select_related = ("user",)


@admin.register(Address)
class AddressAdmin(ReportingAdmin):
    list_display = ("id", "address_type", "title", "user", "city", "township", "is_active", "modified_date")
    list_filter = ("channel", "address_type", "is_active", "primary")
    search_fields = ("=id", "=user__email", "email", "phone_number", "last_name", "hash_data")
    raw_id_fields = ("user", "country", "city", "township", "district")
    list_select_related = ("user", "city", "township")
    date_hierarchy = "created_date"


@admin.register(FavouriteProduct)
class FavouriteProductAdmin(ReportingAdmin):
    list_display = ("id", "user", "product", "created_date")
    list_filter = ("channel",)
    search_fields = ("=user__email", "=product__sku")
    raw_id_fields = ("user", "product")
    list_select_related = ("user", "product")
    date_hierarchy = "created_date"


@admin.register(ProductAlert)
class ProductAlertAdmin(ReportingAdmin):
    list_display = ("id", "user", "product", "language", "is_active", "created_date")
    list_filter = ("channel", "is_active", "language")
    search_fields = ("=user__email", "=product__sku")
    raw_id_fields = ("user", "product")
    list_select_related = ("user", "product")
    date_hierarchy = "created_date"
