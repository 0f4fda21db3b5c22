"""Factories for the CMS records; children stay in their parent's channel."""

import factory

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
from tests.factories import ChannelChildFactory, ChannelFactory


class PrettyUrlFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PrettyUrl

    channel = factory.SubFactory(ChannelFactory)
    old_path = factory.Sequence(lambda n: f"/flat-page/{n}/")
    new_path = factory.Sequence(lambda n: f"/page-{n}")
    func_module = "omnishop.cms.resources.views"
    func_name = "flat_page"
    viewname = "flat-page"
    kwargs = factory.LazyAttribute(lambda url: {"flat_page_id": url.old_path.split("/")[2]})
    language = "tr-tr"


class SeoFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Seo

    channel = factory.SubFactory(ChannelFactory)
    url = factory.Sequence(lambda n: f"/category-{n}/")
    title = factory.Sequence(lambda n: f"Category {n}")
    description = "Category description"
    keywords = "category"


class SpecialPageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SpecialPage

    channel = factory.SubFactory(ChannelFactory)
    name = factory.Sequence(lambda n: f"Special page {n}")
    url = factory.Sequence(lambda n: f"/special-{n}/")


class WidgetTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WidgetType

    channel = factory.SubFactory(ChannelFactory)
    name = factory.Sequence(lambda n: f"Widget type {n}")
    schema = factory.LazyFunction(
        lambda: {"title": {"is_localizable": True, "data_type": "text", "key": "title", "label": "Title"}}
    )


class WidgetFactory(ChannelChildFactory):
    _parent = "widget_type"

    class Meta:
        model = Widget

    widget_type = factory.SubFactory(WidgetTypeFactory)
    channel = factory.SelfAttribute("widget_type.channel")
    name = factory.Sequence(lambda n: f"Widget {n}")
    slug = factory.Sequence(lambda n: f"widget-{n}")
    template = "widgets/default.html"
    attributes = factory.LazyFunction(lambda: {"title": "Hello"})


class SpecialPagePrettyUrlFactory(ChannelChildFactory):
    _parent = "special_page"

    class Meta:
        model = SpecialPagePrettyUrl

    special_page = factory.SubFactory(SpecialPageFactory)
    channel = factory.SelfAttribute("special_page.channel")
    url = factory.LazyAttribute(lambda url: url.special_page.url)
    language = "tr-tr"


class LandingPageTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LandingPageType

    channel = factory.SubFactory(ChannelFactory)
    name = factory.Sequence(lambda n: f"Landing page type {n}")
    slug = factory.Sequence(lambda n: f"landing-page-type-{n}")
    func_module = "omnishop.cms.resources.views"
    func_name = "LandingPageView"


class LandingPageFactory(ChannelChildFactory):
    _parent = "landing_page_type"

    class Meta:
        model = LandingPage

    landing_page_type = factory.SubFactory(LandingPageTypeFactory)
    channel = factory.SelfAttribute("landing_page_type.channel")
    name = factory.Sequence(lambda n: f"Landing page {n}")
    url = factory.Sequence(lambda n: f"/brand-{n}/")
    template = "brand/index.html"
