from django.contrib import admin

from api.admin.base import ReportingAdmin
from geography.models import City, Country, District, Township


@admin.register(Country)
class CountryAdmin(ReportingAdmin):
    list_display = ("id", "name", "code", "is_active", "modified_date")
    list_filter = ("is_active",)
    search_fields = ("name", "code")


@admin.register(City)
class CityAdmin(ReportingAdmin):
    list_display = ("id", "name", "country", "is_active", "omnitron_id", "modified_date")
    list_filter = ("is_active", "country")
    search_fields = ("name",)
    autocomplete_fields = ("country",)


@admin.register(Township)
class TownshipAdmin(ReportingAdmin):
    list_display = ("id", "name", "city", "is_active", "modified_date")
    list_filter = ("is_active",)
    search_fields = ("name",)
    raw_id_fields = ("city",)
    list_select_related = ("city",)


@admin.register(District)
class DistrictAdmin(ReportingAdmin):
    list_display = ("id", "name", "city", "township", "is_active", "omnitron_id", "modified_date")
    list_filter = ("is_active",)
    search_fields = ("name",)
    raw_id_fields = ("city", "township")
    list_select_related = ("city", "township")
    date_hierarchy = "modified_date"
