"""Product prices (section 46), through HTTP."""

import pytest

from tests.datawarehouse.catalogs.factories import ProductPriceFactory
from tests.datawarehouse.products.factories import ProductFactory
from tests.docs import by_id, documented
from tests.http import results

pytestmark = pytest.mark.django_db

URL = "/api/v1/remote/{channel}/data-warehouse/catalogs/product-prices/"


def rows(client, channel=1, **params):
    return results(client, URL.format(channel=channel), {"page_size": 100, **params})


def test_documented_records_come_back_as_documented(api_client, docs_examples):
    expected = documented("dw_product_prices")["results"]
    served = rows(api_client)
    assert [by_id(served)[row["id"]] for row in expected] == list(by_id(expected).values())
    # In the documented order too; other apps' examples may add rows (placeholders) around them.
    documented_ids = [row["id"] for row in expected]
    assert [row["id"] for row in served if row["id"] in documented_ids] == documented_ids


def test_filter_by_product_price_type_and_currency(api_client, channel):
    product = ProductFactory(channel=channel)
    default = ProductPriceFactory(product=product)
    in_euro = ProductPriceFactory(product=product, currency_type="eur", price_type="b2b")
    ProductPriceFactory(channel=channel)

    def ids(**params):
        return [row["id"] for row in rows(api_client, channel.pk, sort="id", **params)]

    assert ids(product=product.pk) == [default.pk, in_euro.pk]
    assert ids(price_type="b2b") == [in_euro.pk]
    assert ids(currency_type="eur") == [in_euro.pk]
    assert rows(api_client, channel.pk, id=default.pk)[0]["tax_rate"] == "20.00"
