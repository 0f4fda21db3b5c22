"""OMS order items against spec/oms-order-items.txt: list, list-simple and detail."""

import csv
import io
import json

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from oms.orders.models import OrderItem
from tests.docs import documented
from tests.http import result_ids
from tests.oms.helpers import ordered
from tests.oms.orders.factories import OrderFactory, OrderItemFactory, ProductImageFactory

pytestmark = pytest.mark.django_db

LIST = "/api/v1/oms/order_items/"
SIMPLE = "/api/v1/oms/order_items/list-simple/"


def ids(client, url, **params):
    return result_ids(client, url, params)


@pytest.mark.parametrize(
    "url, doc", [(LIST, "oms_order_items"), (SIMPLE, "oms_order_items_list_simple")], ids=["list", "simple"]
)
def test_documented_records_come_back_as_documented(api_client, docs_examples, url, doc):
    expected = documented(doc)
    body = api_client.get(url).json()
    assert body["count"] == expected["count"] == 1
    assert ordered(body["results"]) == ordered(expected["results"])


def test_detail_is_the_list_record(api_client, docs_examples):
    """The detail example documents the same item with a few other values; we serve the list page's."""
    served = api_client.get(f"{LIST}1/").json()
    assert ordered(served) == ordered(documented("oms_order_items")["results"][0])
    detail = documented("oms_order_item_detail")
    differences = {
        ("state", "content_type"): (1, 3),
        ("product", "omnitron_id"): (8, 1),
        ("price_list", "name"): ("test_fiyat_list", "pz_fiyat_list"),
        ("stock_list", "pk"): (34, 1),
        ("stock_list", "name"): ("test_stok_list", "pz_stok_list"),
    }
    for (record, key), (ours, documented_detail) in differences.items():
        assert (served[record][key], detail[record][key]) == (ours, documented_detail)
        detail[record][key] = ours
    image = detail["product"]["productimage_set"][0]
    image["url"] = image["url"].replace("{cdn_urls}", "{cdn_url}")
    # Apart from those, the documented detail is exactly what is served, key order included.
    assert ordered(served) == ordered(detail)


def test_unknown_detail_is_a_json_404(api_client):
    for url in (f"{LIST}999999/", f"{LIST}999999"):
        response = api_client.get(url)
        assert response.status_code == 404
        assert response["Content-Type"] == "application/json" and "detail" in response.json()


def test_order_number_filter(api_client):
    order = OrderFactory(number="1000000042")
    mine = OrderItemFactory.create_batch(2, order=order)
    OrderItemFactory()
    for url in (LIST, SIMPLE):
        assert ids(api_client, url, order_number="1000000042") == [item.pk for item in mine]
        assert ids(api_client, url, order_number="1000000043") == []


def test_created_date_filter(api_client):
    old, new = OrderItemFactory.create_batch(2)
    OrderItem.objects.filter(pk=old.pk).update(created_date="2021-07-07T08:17:49Z")
    assert ids(api_client, SIMPLE, created_date="2021-07-07") == [old.pk]
    assert ids(api_client, LIST, created_date__gt="2021-07-07") == [new.pk]


def test_nested_page_costs_fixed_queries(api_client, django_assert_max_num_queries):
    """Status, product and lists are joined, images prefetched: the page size does not add queries."""
    OrderItemFactory.create_batch(2)
    with CaptureQueriesContext(connection) as one_item:
        assert len(ids(api_client, LIST, page_size=1)) == 1
    for item in OrderItemFactory.create_batch(20):
        ProductImageFactory(product=item.product)
    with django_assert_max_num_queries(len(one_item)):
        rows = api_client.get(LIST, {"page_size": 22}).json()["results"]
    assert len(rows) == 22 and all(len(row["product"]["productimage_set"]) >= 2 for row in rows)
    with django_assert_max_num_queries(len(one_item)):
        assert api_client.get(f"{LIST}{rows[-1]['id']}/").status_code == 200


def test_product_images_in_display_order(api_client):
    item = OrderItemFactory(product__images=[])
    last = ProductImageFactory(product=item.product, order=2)
    first = ProductImageFactory(product=item.product, order=0)
    images = api_client.get(f"{LIST}{item.pk}/").json()["product"]["productimage_set"]
    assert [image["id"] for image in images] == [first.pk, last.pk]


def test_csv_flattens_nested_records(api_client, docs_examples):
    response = api_client.get(LIST, {"format": "csv"})
    assert response["Content-Disposition"] == 'attachment; filename="oms-order_items.csv"'
    header, line = csv.reader(io.StringIO(response.content.decode("utf-8")))
    cells = dict(zip(header, line, strict=True))
    expected = documented("oms_order_items")["results"][0]
    assert cells["state.translations.tr-tr.name"] == expected["state"]["translations"]["tr-tr"]["name"]
    assert cells["state.config"] == "{}"
    assert cells["product.attributes_kwargs.beden.label"] == "Large"
    assert json.loads(cells["product.productimage_set"]) == expected["product"]["productimage_set"]
    assert [cells[f"price_list.{key}"] for key in expected["price_list"]] == [
        "1",
        "",
        "test_fiyat_list",
        "2021-02-25T13:41:08.252536Z",
        "false",
        "2021-02-25T13:41:08.252562Z",
    ]
    assert (cells["net_amount"], cells["tax_rate"], cells["tax_amount"]) == ("599.99", "8.00", "")
    assert (cells["extra_field.price_extra_field"], cells["image"], cells["order"]) == ("{}", "", "1")


def test_excel_of_list_simple(api_client, docs_examples):
    response = api_client.get(SIMPLE, HTTP_ACCEPT="application/xls")
    assert response["Content-Disposition"] == 'attachment; filename="oms-order_items-list-simple.xlsx"'
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    header, line = [[cell.value for cell in row] for row in sheet.iter_rows()]
    cells = dict(zip(header, line, strict=True))
    assert header[-3:] == ["state", "order", "product"]
    assert [cells[f"stock_list.{key}"] for key in ("pk", "code", "name", "is_auto_sync")] == [
        34,
        None,
        "test_stok_list",
        False,
    ]
    assert (cells["price"], cells["retail_price"], cells["attributes"]) == ("599.99", "1000.00", "{}")
