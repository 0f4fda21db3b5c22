"""Pretty URLs and the CMS endpoints (sections 15, 27-33) against the documented examples and filters."""

import pytest
from django.contrib.contenttypes.models import ContentType

from tests.datawarehouse.campaigns.factories import ProductCollectionFactory
from tests.datawarehouse.cms.factories import (
    LandingPageFactory,
    LandingPageTypeFactory,
    PrettyUrlFactory,
    SeoFactory,
    SpecialPageFactory,
    SpecialPagePrettyUrlFactory,
    WidgetFactory,
    WidgetTypeFactory,
)
from tests.docs import by_id, documented
from tests.http import results

pytestmark = pytest.mark.django_db

# The widget's content type 107 is not among the documented content types (section 38): the
# fixture names it with a placeholder natural key.
UNDOCUMENTED_CONTENT_TYPES = {107: ("cms", "contenttype107")}


def get(client, path, channel_id=1, **params):
    return results(client, f"/api/v1/remote/{channel_id}/data-warehouse/{path}/", params)


def ids(client, path, channel, **params):
    return [row["id"] for row in get(client, path, channel.pk, sort="id", **params)]


def served_content_type(documented_id):
    """The id this service gives the content type the documentation numbers ``documented_id``.

    Content type ids are assigned by the database, so the documented records are linked to their
    content types by natural key (app label, model), as section 38 documents them.
    """
    natural_keys = {
        row["id"]: (row["app_label"], row["model"]) for row in documented("dw_content_types")["results"]
    }
    natural_keys.update(UNDOCUMENTED_CONTENT_TYPES)
    return ContentType.objects.get_by_natural_key(*natural_keys[documented_id]).pk


@pytest.mark.parametrize(
    "path, doc",
    [
        ("pretty-urls", "dw_pretty_urls"),
        ("cms/seo", "dw_seo"),
        ("cms/special-pages", "dw_special_pages"),
        ("cms/widget-types", "dw_widget_types"),
        ("cms/landing-page-types", "dw_landing_page_types"),
    ],
)
def test_documented_records_come_back_as_documented(api_client, docs_examples, path, doc):
    expected = by_id(documented(doc)["results"])
    served = by_id(get(api_client, path, page_size=100))
    assert {pk: served[pk] for pk in expected} == expected


@pytest.mark.parametrize(
    "path, doc", [("cms/widgets", "dw_widgets"), ("cms/landing-pages", "dw_landing_pages")]
)
def test_documented_records_with_content_types(api_client, docs_examples, path, doc):
    rows = documented(doc)["results"]
    for row in rows:
        row["content_type"] = served_content_type(row["content_type"])
    served = by_id(get(api_client, path, page_size=100))
    assert {row["id"]: served[row["id"]] for row in rows} == by_id(rows)


def test_widget_and_landing_page_content_types_are_the_documented_ones(api_client, docs_examples):
    widget = ContentType.objects.get_by_natural_key("cms", "widget")
    landing_page = ContentType.objects.get_by_natural_key("cms", "landingpage")
    assert get(api_client, "cms/widgets", id=927)[0]["content_type"] == widget.pk
    assert {row["content_type"] for row in get(api_client, "cms/landing-pages")} == {landing_page.pk}


def test_documented_special_page_pretty_urls(api_client, docs_examples):
    """Both documented records carry id 4804; ids are unique here, so the second is 4805."""
    first, second = documented("dw_special_page_pretty_urls")["results"]
    second["id"] = 4805
    served = by_id(get(api_client, "cms/special-page-pretty-urls", page_size=100))
    assert [served[4804], served[4805]] == [list(first.items()), list(second.items())]


def test_pretty_urls_filter_by_language_view_paths_and_parent(api_client, channel):
    default = PrettyUrlFactory(channel=channel, old_path="/flat-page/34/", new_path="/terms")
    # Paths of its own: the factory's sequence makes /flat-page/<n>/, and when n was 34 (it depends
    # on how many pretty URLs the worker had made before) both rows matched the old_path filter.
    english = PrettyUrlFactory(
        channel=channel,
        parent=default,
        language="en-us",
        viewname="product",
        old_path="/en/flat-page/34/",
        new_path="/en/terms",
    )
    path = "pretty-urls"
    assert ids(api_client, path, channel, language="en-us") == [english.pk]
    assert ids(api_client, path, channel, parent=default.pk) == [english.pk]
    assert ids(api_client, path, channel, viewname="product") == [english.pk]
    assert ids(api_client, path, channel, old_path="/flat-page/34/") == [default.pk]
    assert ids(api_client, path, channel, new_path="/terms") == [default.pk]
    (row,) = get(api_client, path, channel.pk, id=default.pk)
    assert (row["args"], row["kwargs"], row["query_params"]) == ([], {"flat_page_id": "34"}, {})


def test_seo_filters_by_url(api_client, channel):
    seo = SeoFactory(channel=channel, url="/test/abc")
    SeoFactory(channel=channel)
    assert ids(api_client, "cms/seo", channel, url="/test/abc") == [seo.pk]


def test_special_pages_filter_by_collection_pretty_url_and_activity(api_client, channel):
    collection = ProductCollectionFactory(channel=channel)
    pretty_url = PrettyUrlFactory(channel=channel)
    page = SpecialPageFactory(channel=channel, product_collection=collection, pretty_url=pretty_url)
    inactive = SpecialPageFactory(channel=channel, is_active=False)
    path = "cms/special-pages"
    assert ids(api_client, path, channel, product_collection=collection.pk) == [page.pk]
    assert ids(api_client, path, channel, pretty_url=pretty_url.pk) == [page.pk]
    assert ids(api_client, path, channel, is_active="false") == [inactive.pk]
    assert ids(api_client, path, channel, url=page.url) == [page.pk]


def test_widgets_filter_by_type_slug_and_content_type(api_client, channel):
    widget_type = WidgetTypeFactory(channel=channel, name="Footer Menu")
    widget = WidgetFactory(
        widget_type=widget_type, content_type=ContentType.objects.get_for_model(ContentType)
    )
    other = WidgetFactory(channel=channel)
    assert other.widget_type.channel == channel
    assert ids(api_client, "cms/widgets", channel, widget_type=widget_type.pk) == [widget.pk]
    assert ids(api_client, "cms/widgets", channel, slug=other.slug) == [other.pk]
    assert ids(api_client, "cms/widgets", channel, content_type=widget.content_type_id) == [widget.pk]
    assert ids(api_client, "cms/widget-types", channel, name="Footer Menu") == [widget_type.pk]


def test_special_page_pretty_urls_filter_by_page_and_language(api_client, channel):
    page = SpecialPageFactory(channel=channel)
    turkish = SpecialPagePrettyUrlFactory(special_page=page)
    english = SpecialPagePrettyUrlFactory(special_page=page, language="en-us")
    elsewhere = SpecialPagePrettyUrlFactory(channel=channel)
    path = "cms/special-page-pretty-urls"
    assert elsewhere.special_page.channel == channel
    assert ids(api_client, path, channel, special_page=page.pk) == [turkish.pk, english.pk]
    assert ids(api_client, path, channel, language="en-us") == [english.pk]


def test_landing_pages_filter_by_type_pretty_url_and_activity(api_client, channel):
    brand = LandingPageTypeFactory(channel=channel, slug="brand")
    pretty_url = PrettyUrlFactory(channel=channel)
    page = LandingPageFactory(landing_page_type=brand, pretty_url=pretty_url, attribute_value=70)
    inactive = LandingPageFactory(channel=channel, is_active=False)
    path = "cms/landing-pages"
    assert ids(api_client, path, channel, landing_page_type=brand.pk) == [page.pk]
    assert ids(api_client, path, channel, pretty_url=pretty_url.pk) == [page.pk]
    assert ids(api_client, path, channel, is_active="false") == [inactive.pk]
    assert ids(api_client, "cms/landing-page-types", channel, slug="brand") == [brand.pk]
    (row,) = get(api_client, path, channel.pk, id=page.pk)
    assert (row["landing_page_type"], row["attribute_value"]) == (brand.pk, 70)
