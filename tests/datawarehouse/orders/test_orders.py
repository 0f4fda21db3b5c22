"""Orders (section 10) and order items (section 11)."""

import pytest

from datawarehouse.orders.models import Order, OrderStatus
from tests.datawarehouse.accounts.factories import CustomerFactory
from tests.datawarehouse.orders.factories import OrderFactory, OrderItemFactory
from tests.datawarehouse.products.factories import ProductFactory
from tests.docs import by_id, documented
from tests.http import results

pytestmark = pytest.mark.django_db


def get(api_client, path, channel_id=1, **params):
    return results(api_client, f"/api/v1/remote/{channel_id}/data-warehouse/orders/{path}/", params)


def ids(api_client, path, channel, **params):
    return [row["id"] for row in get(api_client, path, channel.pk, sort="id", **params)]


@pytest.mark.parametrize("path, doc", [("orders", "dw_orders"), ("order-items", "dw_order_items")])
def test_documented_records_come_back_as_documented(api_client, docs_examples, path, doc):
    expected = by_id(documented(doc)["results"])
    rows = by_id(get(api_client, path, page_size=100))
    assert {pk: rows[pk] for pk in expected} == expected


def test_orders_filter_by_user_status_number_and_client_type(api_client, channel):
    user = CustomerFactory(channel=channel)
    first = OrderFactory(channel=channel, user=user, status=OrderStatus.APPROVED)
    second = OrderFactory(
        channel=channel, user=user, client_type=Order.ClientType.IOS, status=OrderStatus.PAYMENT_WAITING
    )
    other = OrderFactory(channel=channel, status=OrderStatus.APPROVED)
    assert ids(api_client, "orders", channel, user=user.pk) == [first.pk, second.pk]
    assert ids(api_client, "orders", channel, status="400") == [first.pk, other.pk]
    assert ids(api_client, "orders", channel, number=second.number) == [second.pk]
    assert ids(api_client, "orders", channel, client_type="ios") == [second.pk]
    assert ids(api_client, "orders", channel, shipping_option=other.shipping_option_id) == [other.pk]
    assert ids(api_client, "orders", channel, basket=first.basket_id) == [first.pk]


def test_orders_sort_by_creation(api_client, channel):
    older, newer = OrderFactory(channel=channel), OrderFactory(channel=channel)
    Order.objects.filter(pk=newer.pk).update(created_date="2020-01-01T00:00:00Z")
    assert [row["id"] for row in get(api_client, "orders", channel.pk, sort="created_date")] == [
        newer.pk,
        older.pk,
    ]
    assert ids(api_client, "orders", channel, created_date__lt="2020-01-02") == [newer.pk]


def test_an_unknown_status_is_a_400(api_client, channel):
    response = api_client.get(f"/api/v1/remote/{channel.pk}/data-warehouse/orders/orders/", {"status": "301"})
    assert response.status_code == 400
    assert "status" in response.json()


def test_order_items_filter_by_order_product_status_and_parent(api_client, channel):
    order, product = OrderFactory(channel=channel), ProductFactory(channel=channel)
    bundle = OrderItemFactory(order=order, product=product)
    part = OrderItemFactory(order=order, parent=bundle, status=OrderStatus.CANCELLED)
    elsewhere = OrderItemFactory(channel=channel, product=product)
    assert ids(api_client, "order-items", channel, order=order.pk) == [bundle.pk, part.pk]
    assert ids(api_client, "order-items", channel, product=product.pk) == [bundle.pk, elsewhere.pk]
    assert ids(api_client, "order-items", channel, status="100") == [part.pk]
    assert ids(api_client, "order-items", channel, parent=bundle.pk) == [part.pk]


@pytest.mark.parametrize("path, factory", [("orders", OrderFactory), ("order-items", OrderItemFactory)])
def test_another_channels_rows_filter_to_nothing(api_client, channel, path, factory):
    mine, theirs = factory(channel=channel), factory()
    assert ids(api_client, path, channel) == [mine.pk]
    user_filter = {"user": theirs.user_id} if path == "orders" else {"order": theirs.order_id}
    assert ids(api_client, path, channel, **user_filter) == []
    assert ids(api_client, path, theirs.channel, **user_filter) == [theirs.pk]
