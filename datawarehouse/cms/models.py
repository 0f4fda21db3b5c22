"""Pretty URLs, SEO entries, special pages, widgets and landing pages (sections 15, 27-33)."""

from django.db import models

from api.models import AttributedModel
from sales_channels.models import ChannelOwned

LANGUAGE_CODE_LENGTH = 16


class PrettyUrl(ChannelOwned):
    """An SEO-friendly path (``new_path``) for a view's original URL (``old_path``), section 15.

    ``func_*``, ``viewname``, ``args``, ``kwargs`` and ``query_params`` are the
    resolved view of ``old_path``; ``parent`` is the default language's URL of
    which this one is a translation.
    """

    new_path = models.CharField(max_length=1024, db_index=True)
    old_path = models.CharField(max_length=1024, db_index=True)
    func_module = models.CharField(max_length=255, blank=True)
    func_name = models.CharField(max_length=255, blank=True)
    func_initkwargs = models.JSONField(default=dict, blank=True)
    viewname = models.CharField(max_length=255, blank=True)
    args = models.JSONField(default=list, blank=True)
    kwargs = models.JSONField(default=dict, blank=True)
    query_params = models.JSONField(default=dict, blank=True)
    language = models.CharField(max_length=LANGUAGE_CODE_LENGTH, blank=True)
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="translations"
    )

    class Meta(ChannelOwned.Meta):
        verbose_name = "pretty URL"

    def __str__(self):
        return self.new_path


class Seo(AttributedModel, ChannelOwned):
    """The title, description and keywords served for a URL (section 27)."""

    url = models.CharField(max_length=1024, db_index=True)
    title = models.CharField(max_length=255, blank=True)
    description = models.TextField(blank=True)
    keywords = models.TextField(blank=True)

    class Meta(ChannelOwned.Meta):
        verbose_name = "SEO entry"
        verbose_name_plural = "SEO entries"

    def __str__(self):
        return self.url


class SpecialPage(AttributedModel, ChannelOwned):
    """A campaign page listing a product collection (section 28).

    ``banner`` and ``banner_mobile`` are the image files' URLs as served (CDN
    addresses); ``banner_url`` is where the banner links to.
    """

    extraction_strategy = models.CharField(
        max_length=255, default="omnishop.search.strategies.DefaultProductExtractionStrategy"
    )
    name = models.CharField(max_length=255)
    url = models.CharField(max_length=1024)
    template = models.CharField(max_length=255, null=True, blank=True)
    banner = models.URLField(max_length=1024, null=True, blank=True)
    banner_mobile = models.URLField(max_length=1024, null=True, blank=True)
    banner_url = models.CharField(max_length=1024, null=True, blank=True)
    banner_description = models.TextField(null=True, blank=True)
    is_active = models.BooleanField(default=True)
    video_embedded_code = models.TextField(null=True, blank=True)
    product_collection = models.ForeignKey(
        "dw_campaigns.ProductCollection", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    pretty_url = models.ForeignKey(
        PrettyUrl, on_delete=models.SET_NULL, null=True, blank=True, related_name="special_pages"
    )

    class Meta(ChannelOwned.Meta):
        pass

    def __str__(self):
        return self.name


class WidgetType(ChannelOwned):
    """The schema a widget's attributes follow (section 29)."""

    name = models.CharField(max_length=255)
    schema = models.JSONField(default=dict, blank=True)

    class Meta(ChannelOwned.Meta):
        pass

    def __str__(self):
        return self.name


class Widget(AttributedModel, ChannelOwned):
    """A content block of a widget type, rendered with a template (section 30)."""

    name = models.CharField(max_length=255)
    slug = models.SlugField(max_length=255)
    template = models.CharField(max_length=255, blank=True)
    content_type = models.ForeignKey(
        "contenttypes.ContentType", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    widget_type = models.ForeignKey(WidgetType, on_delete=models.PROTECT, related_name="widgets")

    class Meta(ChannelOwned.Meta):
        pass

    def __str__(self):
        return self.name


class SpecialPagePrettyUrl(ChannelOwned):
    """A special page's pretty URL in one language (section 31)."""

    special_page = models.ForeignKey(SpecialPage, on_delete=models.CASCADE, related_name="pretty_urls")
    url = models.CharField(max_length=1024, blank=True)
    language = models.CharField(max_length=LANGUAGE_CODE_LENGTH)

    class Meta(ChannelOwned.Meta):
        verbose_name = "special page pretty URL"

    def __str__(self):
        return f"{self.language} {self.url}"


class LandingPageType(ChannelOwned):
    """A kind of landing page: the view serving it and the schema of its attributes (section 32)."""

    name = models.CharField(max_length=255)
    slug = models.SlugField(max_length=255)
    func_module = models.CharField(max_length=255, blank=True)
    func_name = models.CharField(max_length=255, blank=True)
    schema = models.JSONField(default=dict, blank=True)

    class Meta(ChannelOwned.Meta):
        pass

    def __str__(self):
        return self.name


class LandingPage(AttributedModel, ChannelOwned):
    """A page of a landing page type, e.g. a brand's page (section 33)."""

    name = models.CharField(max_length=255)
    url = models.CharField(max_length=1024)
    template = models.CharField(max_length=255, blank=True)
    is_active = models.BooleanField(default=True)
    content_type = models.ForeignKey(
        "contenttypes.ContentType", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    pretty_url = models.ForeignKey(
        PrettyUrl, on_delete=models.SET_NULL, null=True, blank=True, related_name="landing_pages"
    )
    landing_page_type = models.ForeignKey(LandingPageType, on_delete=models.PROTECT, related_name="pages")
    attribute_value = models.PositiveIntegerField(
        null=True, blank=True, help_text="The id of an attribute value, a record not served here."
    )

    class Meta(ChannelOwned.Meta):
        pass

    def __str__(self):
        return self.name
