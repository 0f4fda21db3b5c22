"""Baskets and basket items (sections 42-43), through HTTP."""

import pytest

from tests.datawarehouse.accounts.factories import CustomerFactory
from tests.datawarehouse.baskets.factories import BasketFactory, BasketItemFactory
from tests.datawarehouse.products.factories import ProductFactory
from tests.docs import by_id, documented
from tests.http import results

pytestmark = pytest.mark.django_db

URL = "/api/v1/remote/{channel}/data-warehouse/baskets/{name}/"


def rows(client, name, channel=1, **params):
    return results(client, URL.format(channel=channel, name=name), {"page_size": 100, **params})


def ids(client, name, channel, **params):
    return [row["id"] for row in rows(client, name, channel, sort="id", **params)]


@pytest.mark.parametrize("name, doc", [("baskets", "dw_baskets"), ("basket-items", "dw_basket_items")])
def test_documented_records_come_back_as_documented(api_client, docs_examples, name, doc):
    expected = documented(doc)["results"]
    served = rows(api_client, name)
    assert [by_id(served)[row["id"]] for row in expected] == list(by_id(expected).values())
    # Newest first, as documented.
    documented_ids = [row["id"] for row in expected]
    assert [row["id"] for row in served if row["id"] in documented_ids] == documented_ids


def test_versions_are_json_numbers(api_client, docs_examples):
    body = api_client.get(URL.format(channel=1, name="baskets"), {"id": 397}).content
    assert b'"version":1642400634409187,' in body


def test_baskets_filter_by_user_and_status(api_client, channel):
    customer = CustomerFactory(channel=channel)
    submitted = BasketFactory(channel=channel, user=customer, status="submitted")
    active = BasketFactory(channel=channel, user=customer)
    anonymous = BasketFactory(channel=channel, namespace="wishlist")
    assert ids(api_client, "baskets", channel.pk, user=customer.pk) == [submitted.pk, active.pk]
    assert ids(api_client, "baskets", channel.pk, status="active") == [active.pk, anonymous.pk]
    assert ids(api_client, "baskets", channel.pk, namespace="wishlist") == [anonymous.pk]
    response = api_client.get(URL.format(channel=channel.pk, name="baskets"), {"status": "paid"})
    assert response.status_code == 400 and "status" in response.json()


def test_items_filter_by_basket_product_and_parent(api_client, channel):
    basket = BasketFactory(channel=channel)
    product = ProductFactory(channel=channel)
    bundle = BasketItemFactory(basket=basket)
    part = BasketItemFactory(basket=basket, product=product, parent=bundle)
    elsewhere = BasketItemFactory(channel=channel, product=product)
    assert ids(api_client, "basket-items", channel.pk, basket=basket.pk) == [bundle.pk, part.pk]
    assert ids(api_client, "basket-items", channel.pk, product=product.pk) == [part.pk, elsewhere.pk]
    assert ids(api_client, "basket-items", channel.pk, parent=bundle.pk) == [part.pk]
    served = rows(api_client, "basket-items", channel.pk, id=part.pk)[0]
    assert (served["basket"], served["product"], served["parent"], served["reference"]) == (
        basket.pk,
        product.pk,
        bundle.pk,
        str(product.pk),
    )
