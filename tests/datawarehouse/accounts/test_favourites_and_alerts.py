"""Favourite products (section 8) and product alerts (section 9)."""

import pytest

from tests.datawarehouse.accounts.factories import (
    CustomerFactory,
    FavouriteProductFactory,
    ProductAlertFactory,
)
from tests.datawarehouse.products.factories import ProductFactory
from tests.docs import by_id, documented
from tests.http import results

pytestmark = pytest.mark.django_db

ENDPOINTS = [
    ("favourite-products", "dw_favourite_products", FavouriteProductFactory),
    ("product-alerts", "dw_product_alerts", ProductAlertFactory),
]


def get(api_client, path, channel_id=1, **params):
    return results(api_client, f"/api/v1/remote/{channel_id}/data-warehouse/{path}/", params)


def ids(api_client, path, channel, **params):
    return [row["id"] for row in get(api_client, path, channel.pk, sort="id", **params)]


@pytest.mark.parametrize("path, doc, _", ENDPOINTS)
def test_documented_records_come_back_as_documented(api_client, docs_examples, path, doc, _):
    expected = by_id(documented(doc)["results"])
    rows = by_id(get(api_client, path, page_size=100))
    assert {pk: rows[pk] for pk in expected} == expected


@pytest.mark.parametrize("path, _, factory", ENDPOINTS)
def test_filters_by_user_and_product(api_client, channel, path, _, factory):
    user, product = CustomerFactory(channel=channel), ProductFactory(channel=channel)
    users_row = factory(user=user)
    products_row = factory(channel=channel, product=product)
    both = factory(user=user, product=product)
    assert ids(api_client, path, channel, user=user.pk) == [users_row.pk, both.pk]
    assert ids(api_client, path, channel, product=product.pk) == [products_row.pk, both.pk]
    assert ids(api_client, path, channel, user=user.pk, product=product.pk) == [both.pk]


@pytest.mark.parametrize("path, _, factory", ENDPOINTS)
def test_another_channels_user_filters_to_nothing(api_client, channel, path, _, factory):
    factory(channel=channel)
    theirs = factory()
    assert ids(api_client, path, channel, user=theirs.user_id) == []
    assert ids(api_client, path, channel, product=theirs.product_id) == []
    assert ids(api_client, path, theirs.channel, user=theirs.user_id) == [theirs.pk]


def test_alerts_filter_by_activity(api_client, channel):
    active, inactive = (
        ProductAlertFactory(channel=channel),
        ProductAlertFactory(channel=channel, is_active=False),
    )
    assert ids(api_client, "product-alerts", channel, is_active="true") == [active.pk]
    assert ids(api_client, "product-alerts", channel, is_active="false") == [inactive.pk]
