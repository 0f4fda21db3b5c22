from django.contrib import admin

from api.admin.base import ReportingAdmin
from datawarehouse.cms.models import (
    LandingPage,
    LandingPageType,
    PrettyUrl,
    Seo,
    SpecialPage,
    SpecialPagePrettyUrl,
    Widget,
    WidgetType,
)


@admin.register(PrettyUrl)
class PrettyUrlAdmin(ReportingAdmin):
    list_display = ("id", "new_path", "old_path", "viewname", "language", "modified_date")
    list_filter = ("language", "channel")
    search_fields = ("new_path", "old_path")
    raw_id_fields = ("parent",)


@admin.register(Seo)
class SeoAdmin(ReportingAdmin):
    list_display = ("id", "url", "title", "modified_date")
    list_filter = ("channel",)
    search_fields = ("url", "title")


@admin.register(SpecialPage)
class SpecialPageAdmin(ReportingAdmin):
    list_display = ("id", "name", "url", "is_active", "modified_date")
    list_filter = ("is_active", "channel")
    search_fields = ("name", "url")
    raw_id_fields = ("product_collection", "pretty_url")


@admin.register(WidgetType)
class WidgetTypeAdmin(ReportingAdmin):
    list_display = ("id", "name", "modified_date")
    list_filter = ("channel",)
    search_fields = ("name",)


@admin.register(Widget)
class WidgetAdmin(ReportingAdmin):
    list_display = ("id", "name", "slug", "widget_type", "modified_date")
    list_filter = ("channel",)
    search_fields = ("name", "slug")
    autocomplete_fields = ("widget_type",)
    list_select_related = ("widget_type",)


@admin.register(SpecialPagePrettyUrl)
class SpecialPagePrettyUrlAdmin(ReportingAdmin):
    list_display = ("id", "special_page", "url", "language", "modified_date")
    list_filter = ("language", "channel")
    search_fields = ("url",)
    raw_id_fields = ("special_page",)
    list_select_related = ("special_page",)


@admin.register(LandingPageType)
class LandingPageTypeAdmin(ReportingAdmin):
    list_display = ("id", "name", "slug", "func_name", "modified_date")
    list_filter = ("channel",)
    search_fields = ("name", "slug")


@admin.register(LandingPage)
class LandingPageAdmin(ReportingAdmin):
    list_display = ("id", "name", "url", "landing_page_type", "is_active", "modified_date")
    list_filter = ("is_active", "landing_page_type", "channel")
    search_fields = ("name", "url")
    raw_id_fields = ("pretty_url",)
    list_select_related = ("landing_page_type",)
