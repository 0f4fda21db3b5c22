"""Shipping options (section 41), through HTTP."""

import pytest

from tests.datawarehouse.shippings.factories import ShippingOptionFactory
from tests.docs import by_id, documented
from tests.http import results

pytestmark = pytest.mark.django_db

URL = "/api/v1/remote/{channel}/data-warehouse/shippings/shipping-options/"


def rows(client, channel=1, **params):
    return results(client, URL.format(channel=channel), {"page_size": 100, **params})


def test_documented_records_come_back_as_documented(api_client, docs_examples):
    expected = documented("dw_shipping_options")["results"]
    served = rows(api_client)
    assert [by_id(served)[row["id"]] for row in expected] == list(by_id(expected).values())
    # In the documented order too; other apps' examples may add rows (placeholders) around them.
    documented_ids = [row["id"] for row in expected]
    assert [row["id"] for row in served if row["id"] in documented_ids] == documented_ids
    # The calculator's weight ranges keep their numbers' types (0.7, 13, null).
    ranges = dict(by_id(served)[133])["calculator"]["weight_ranges"]
    assert [(r["prices_per_currency"]["try"]["price"], r["price"], r["upper_limit"]) for r in ranges] == [
        (0.7, 13, 49),
        (2, 21, 199),
        (3, 66, None),
    ]


def test_filter_by_delivery_type_activity_and_slug(api_client, channel):
    same_day = ShippingOptionFactory(channel=channel, delivery_type="same_day")
    inactive = ShippingOptionFactory(channel=channel, is_active=False)

    def ids(**params):
        return [row["id"] for row in rows(api_client, channel.pk, sort="id", **params)]

    assert ids(delivery_type="same_day") == [same_day.pk]
    assert ids(delivery_type="standard") == [inactive.pk]
    assert ids(is_active="false") == [inactive.pk]
    assert ids(slug=same_day.slug) == [same_day.pk]


def test_an_undocumented_delivery_type_is_a_400(api_client, channel):
    response = api_client.get(URL.format(channel=channel.pk), {"delivery_type": "teleport"})
    assert response.status_code == 400
    assert "delivery_type" in response.json()
