"""Products and product images (sections 16, 17) against the documented examples."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from api.pages.fastpath import row_plan
from authentication.tokens import forget_tokens
from datawarehouse.products.models import Product, ProductImage
from datawarehouse.products.serializers import ProductSerializer
from tests.datawarehouse.cms.factories import PrettyUrlFactory
from tests.datawarehouse.products.factories import ProductFactory, ProductImageFactory
from tests.docs import by_id, documented
from tests.http import results

pytestmark = pytest.mark.django_db

PRODUCTS = "products/products"
IMAGES = "products/product-images"


def get(client, path, channel_id=1, **params):
    return results(client, f"/api/v1/remote/{channel_id}/data-warehouse/{path}/", params)


def ids(client, path, channel, **params):
    return [row["id"] for row in get(client, path, channel.pk, sort="id", **params)]


@pytest.mark.parametrize("path, doc", [(PRODUCTS, "dw_products"), (IMAGES, "dw_product_images")])
def test_documented_records_come_back_as_documented(api_client, docs_examples, path, doc):
    expected = by_id(documented(doc)["results"])
    served = by_id(get(api_client, path, page_size=100))
    assert {pk: served[pk] for pk in expected} == expected


def test_product_types_are_akinons_enumeration(api_client):
    assert [value for value, _ in Product.ProductType.choices] == ["0", "1", "2", "3", "4", "5"]
    response = api_client.options(f"/api/v1/remote/{ProductFactory().channel_id}/data-warehouse/{PRODUCTS}/")
    choices = response.json()["actions"]["GET"]["product_type"]["choices"]
    assert [(c["value"], c["display_name"]) for c in choices][:3] == [
        ("0", "Simple"),
        ("1", "Product meta"),
        ("2", "Bundle"),
    ]


def test_group_products_are_the_members_ids_in_id_order(api_client, channel):
    members = ProductFactory.create_batch(3, channel=channel)
    grouped = ProductFactory(channel=channel, product_type=Product.ProductType.GROUPED)
    grouped.group_products.set([members[2], members[0]])
    (row,) = get(api_client, PRODUCTS, channel.pk, id=grouped.pk)
    assert row["group_products"] == [members[0].pk, members[2].pk]
    assert row["product_type"] == "3"


def test_group_products_are_on_the_fast_path_with_one_query_a_page(api_client, channel):
    plan = row_plan(ProductSerializer)
    assert plan is not None and [m2m.name for _, m2m in plan.many] == ["group_products"]
    products = ProductFactory.create_batch(4, channel=channel)
    products[0].group_products.set(products[1:])
    products[3].group_products.set(products[:1])
    with CaptureQueriesContext(connection) as small:
        get(api_client, PRODUCTS, channel.pk, page_size=1)
    ProductFactory.create_batch(5, channel=channel)
    forget_tokens()  # counted as the first request was: with its token's lookup
    with CaptureQueriesContext(connection) as large:
        rows = get(api_client, PRODUCTS, channel.pk, page_size=9, sort="id")
    assert len(large) == len(small)
    assert [row["group_products"] for row in rows[:4]] == [
        [p.pk for p in products[1:]],
        [],
        [],
        [products[0].pk],
    ]


def test_product_filters(api_client, channel):
    meta = ProductFactory(channel=channel, product_type=Product.ProductType.PRODUCT_META, base_code="TUP-001")
    child = ProductFactory(channel=channel, parent=meta, base_code="TUP-001", sku="TUP-001-XS")
    listed = ProductFactory(channel=channel, listable_product=child, is_active=False, attribute_set=3)
    assert ids(api_client, PRODUCTS, channel, product_type="1") == [meta.pk]
    assert ids(api_client, PRODUCTS, channel, parent=meta.pk) == [child.pk]
    assert ids(api_client, PRODUCTS, channel, sku="TUP-001-XS") == [child.pk]
    assert ids(api_client, PRODUCTS, channel, base_code="TUP-001") == [meta.pk, child.pk]
    assert ids(api_client, PRODUCTS, channel, uuid=str(child.uuid)) == [child.pk]
    assert ids(api_client, PRODUCTS, channel, listable_product=child.pk) == [listed.pk]
    assert ids(api_client, PRODUCTS, channel, is_active="false") == [listed.pk]
    assert ids(api_client, PRODUCTS, channel, attribute_set=3) == [listed.pk]


def test_pretty_url_is_its_id(api_client, channel):
    url = PrettyUrlFactory(channel=channel)
    product = ProductFactory(channel=channel, pretty_url=url)
    (row,) = get(api_client, PRODUCTS, channel.pk, id=product.pk)
    assert row["pretty_url"] == url.pk


@pytest.mark.parametrize(
    "path, params",
    [
        (PRODUCTS, {"product_type": "7"}),
        (PRODUCTS, {"uuid": "not-a-uuid"}),
        (PRODUCTS, {"parent": "x"}),
        (IMAGES, {"status": "deleted"}),
        (IMAGES, {"product": "1.5"}),
    ],
)
def test_malformed_filter_values_are_400s(api_client, channel, path, params):
    response = api_client.get(f"/api/v1/remote/{channel.pk}/data-warehouse/{path}/", params)
    assert response.status_code == 400
    assert set(params) <= set(response.json())


def test_image_filters_by_product_and_status(api_client, channel):
    product = ProductFactory(channel=channel)
    active = ProductImageFactory(product=product)
    disabled = ProductImageFactory(product=product, status=ProductImage.Status.DISABLED, order=1)
    other = ProductImageFactory(channel=channel)
    assert ids(api_client, IMAGES, channel, product=product.pk) == [active.pk, disabled.pk]
    assert ids(api_client, IMAGES, channel, status="disabled") == [disabled.pk]
    assert ids(api_client, IMAGES, channel, product=other.product_id, status="active") == [other.pk]


def test_an_image_is_built_in_its_products_channel(channel):
    image = ProductImageFactory(channel=channel)
    assert image.product.channel == channel
