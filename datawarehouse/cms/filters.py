"""CMS filtersets: the shared lookups plus paths, languages and parents."""

from api.filters import BaseFilterSet
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


class PrettyUrlFilter(BaseFilterSet):
    class Meta:
        model = PrettyUrl
        fields = ["language", "viewname", "old_path", "new_path", "parent"]


class SeoFilter(BaseFilterSet):
    class Meta:
        model = Seo
        fields = ["url"]


class SpecialPageFilter(BaseFilterSet):
    class Meta:
        model = SpecialPage
        fields = ["is_active", "url", "product_collection", "pretty_url"]


class WidgetTypeFilter(BaseFilterSet):
    class Meta:
        model = WidgetType
        fields = ["name"]


class WidgetFilter(BaseFilterSet):
    class Meta:
        model = Widget
        fields = ["slug", "widget_type", "content_type"]


class SpecialPagePrettyUrlFilter(BaseFilterSet):
    class Meta:
        model = SpecialPagePrettyUrl
        fields = ["special_page", "language"]


class LandingPageTypeFilter(BaseFilterSet):
    class Meta:
        model = LandingPageType
        fields = ["slug"]


class LandingPageFilter(BaseFilterSet):
    class Meta:
        model = LandingPage
        fields = ["is_active", "landing_page_type", "content_type", "pretty_url"]
