"""POS (section 40), through HTTP."""

import pytest

from tests.datawarehouse.payments.factories import PosFactory
from tests.docs import by_id, documented
from tests.http import results

pytestmark = pytest.mark.django_db

URL = "/api/v1/remote/{channel}/data-warehouse/payments/pos/"


def rows(client, channel=1, **params):
    return results(client, URL.format(channel=channel), {"page_size": 100, **params})


def test_documented_records_come_back_as_documented(api_client, docs_examples):
    expected = documented("dw_pos")["results"]
    served = rows(api_client)
    assert [by_id(served)[row["id"]] for row in expected] == list(by_id(expected).values())
    # In the documented order too; other apps' examples may add rows (placeholders) around them.
    documented_ids = [row["id"] for row in expected]
    assert [row["id"] for row in served if row["id"] in documented_ids] == documented_ids


def test_filter_by_slug_and_gateway(api_client, channel):
    gift_card = PosFactory(channel=channel, slug="posas_giftcard", gateway="libs.giftcard.GiftCardGateway")
    credit = PosFactory(channel=channel, three_d_resource_url="https://3d.example.com/")
    assert [row["id"] for row in rows(api_client, channel.pk, slug="posas_giftcard")] == [gift_card.pk]
    by_gateway = rows(api_client, channel.pk, gateway=credit.gateway)
    assert [(row["id"], row["three_d_resource_url"]) for row in by_gateway] == [
        (credit.pk, "https://3d.example.com/")
    ]
