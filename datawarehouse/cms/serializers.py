"""CMS records as sections 15 and 27-33 document them (fields in the documented order)."""

from api.serializers import ModelSerializer
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

ATTRIBUTES = ["attributes", "attributes_kwargs", "localized_attributes", "localized_attributes_kwargs"]


class PrettyUrlSerializer(ModelSerializer):
    class Meta:
        model = PrettyUrl
        fields = [
            "id",
            "created_date",
            "modified_date",
            "new_path",
            "old_path",
            "func_module",
            "func_name",
            "func_initkwargs",
            "viewname",
            "args",
            "kwargs",
            "query_params",
            "language",
            "parent",
        ]


class SeoSerializer(ModelSerializer):
    class Meta:
        model = Seo
        fields = [
            "id",
            "created_date",
            "modified_date",
            *ATTRIBUTES,
            "url",
            "title",
            "description",
            "keywords",
        ]


class SpecialPageSerializer(ModelSerializer):
    class Meta:
        model = SpecialPage
        fields = [
            "id",
            "extraction_strategy",
            "created_date",
            "modified_date",
            *ATTRIBUTES,
            "name",
            "url",
            "template",
            "banner",
            "banner_mobile",
            "banner_url",
            "banner_description",
            "is_active",
            "video_embedded_code",
            "product_collection",
            "pretty_url",
        ]


class WidgetTypeSerializer(ModelSerializer):
    class Meta:
        model = WidgetType
        fields = ["id", "name", "schema"]


class WidgetSerializer(ModelSerializer):
    class Meta:
        model = Widget
        fields = [
            "id",
            "created_date",
            "modified_date",
            *ATTRIBUTES,
            "name",
            "slug",
            "template",
            "content_type",
            "widget_type",
        ]


class SpecialPagePrettyUrlSerializer(ModelSerializer):
    class Meta:
        model = SpecialPagePrettyUrl
        fields = ["id", "created_date", "modified_date", "special_page", "url", "language"]


class LandingPageTypeSerializer(ModelSerializer):
    class Meta:
        model = LandingPageType
        fields = ["id", "created_date", "modified_date", "name", "slug", "func_module", "func_name", "schema"]


class LandingPageSerializer(ModelSerializer):
    class Meta:
        model = LandingPage
        fields = [
            "id",
            "created_date",
            "modified_date",
            *ATTRIBUTES,
            "name",
            "url",
            "template",
            "is_active",
            "content_type",
            "pretty_url",
            "landing_page_type",
            "attribute_value",
        ]
