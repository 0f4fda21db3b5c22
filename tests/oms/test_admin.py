"""The OMS admin: every model's list (with search and filters) and change pages render."""

import pytest

from tests.oms.customers.factories import CustomerFactory
from tests.oms.orders.factories import (
    OrderFactory,
    OrderItemFactory,
    OrderStatusFactory,
    PriceListFactory,
    ProductFactory,
    ProductImageFactory,
    StockListFactory,
)

pytestmark = pytest.mark.django_db

FACTORIES = [
    CustomerFactory,
    OrderFactory,
    OrderStatusFactory,
    ProductFactory,
    ProductImageFactory,
    PriceListFactory,
    StockListFactory,
    OrderItemFactory,
]


@pytest.mark.parametrize("factory", FACTORIES, ids=lambda f: f._meta.model.__name__)
def test_list_and_change_pages_render(admin_client, factory):
    record = factory()
    meta = record._meta
    url = f"/admin/{meta.app_label}/{meta.model_name}/"
    assert admin_client.get(url).status_code == 200
    assert admin_client.get(url, {"q": "1"}).status_code == 200
    assert admin_client.get(f"{url}{record.pk}/change/").status_code == 200
