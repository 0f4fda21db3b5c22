"""OMS customers against spec/oms-customers.txt: documented records, OPTIONS output, filters, exports."""

import csv
import io

import openpyxl
import pytest

from api.sync.stamping import chosen_timestamps
from oms.customers.models import Customer
from tests.docs import documented
from tests.factories import ChannelFactory
from tests.http import result_ids
from tests.oms.customers.factories import CustomerFactory
from tests.oms.helpers import ordered

pytestmark = pytest.mark.django_db

URL = "/api/v1/oms/customers/list-simple/"


def ids(client, **params):
    return result_ids(client, URL, params)


def test_documented_records_come_back_as_documented(api_client, docs_examples):
    expected = documented("oms_customers_list_simple")
    body = api_client.get(URL).json()
    # The page documents 109 customers and shows the first 10: those are the fixture.
    assert body["count"] == len(expected["results"]) == 10
    assert ordered(body["results"]) == ordered(expected["results"])


def test_options_is_the_documented_output(api_client):
    served = api_client.options(URL)
    assert served.status_code == 200
    assert ordered(served.json()) == ordered(documented("oms_customers_list_simple_options"))


@pytest.mark.parametrize("field", ["first_name", "last_name", "email", "phone_number", "erp_code"])
def test_exact_match_filters(api_client, field):
    wanted, other = CustomerFactory(phone_number="05550000001"), CustomerFactory(phone_number="05550000002")
    Customer.objects.filter(pk=other.pk).update(erp_code="OTHER", first_name="Ayşe", last_name="Kaya")
    Customer.objects.filter(pk=wanted.pk).update(erp_code="ERP-1", first_name="Ali", last_name="Veli")
    wanted.refresh_from_db()
    assert ids(api_client, **{field: getattr(wanted, field)}) == [wanted.pk]
    assert ids(api_client, **{field: "no such value"}) == []


def test_channel_id_filter(api_client):
    channel = ChannelFactory()
    in_channel = CustomerFactory(channel=channel)
    CustomerFactory()
    CustomerFactory(channel=None)
    assert ids(api_client, channel_id=channel.pk) == [in_channel.pk]
    response = api_client.get(URL, {"channel_id": "web"})
    assert response.status_code == 400 and "channel_id" in response.json()


def test_id_lookups_without_exact_match(api_client):
    first, second, third = CustomerFactory.create_batch(3)
    assert ids(api_client, id__gt=first.pk) == [second.pk, third.pk]
    assert ids(api_client, id__gte=second.pk, id__lte=second.pk) == [second.pk]
    assert ids(api_client, id__lt=second.pk) == [first.pk]
    # Neither id nor created_date is a documented filter: both are unknown parameters.
    for param in ("id", "created_date__gte"):
        response = api_client.get(URL, {param: first.pk if param == "id" else "2020-01-01"})
        assert response.status_code == 400 and param in response.json()


def test_modified_date_filter_and_sort(api_client):
    old, new = CustomerFactory(), CustomerFactory()
    with chosen_timestamps():
        Customer.objects.filter(pk=old.pk).update(modified_date="2025-01-09T23:59:59Z")
        Customer.objects.filter(pk=new.pk).update(modified_date="2025-01-10T00:00:00Z")
    assert ids(api_client, modified_date="2025-01-09") == [old.pk]
    assert ids(api_client, modified_date__gt="2025-01-09") == [new.pk]
    assert ids(api_client, sort="-modified_date") == [new.pk, old.pk]
    assert ids(api_client, sort="-id") == [new.pk, old.pk]


def test_csv_export_holds_the_documented_records(api_client, docs_examples):
    expected = documented("oms_customers_list_simple")["results"]
    response = api_client.get(URL, {"format": "csv"})
    assert response["Content-Disposition"] == 'attachment; filename="oms-customers-list-simple.csv"'
    header, *lines = csv.reader(io.StringIO(response.content.decode("utf-8")))
    assert header == list(expected[0])
    assert lines[3] == [
        "4",
        "2023-08-16T07:46:00.912768Z",
        "2023-09-13T11:20:37.500200Z",
        "60",
        "tugce.test@akinon.com",
        "Tuğçe",
        "Test",
        "",
        "",
        "1",
    ]
    assert [line[4] for line in lines] == [row["email"] for row in expected]


def test_excel_export_holds_the_documented_records(api_client, docs_examples):
    expected = documented("oms_customers_list_simple")["results"]
    response = api_client.get(URL, {"format": "xls"})
    assert response["Content-Type"] == "application/xls"
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    header, *lines = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert header == list(expected[0])
    # Ids are numbers; phone numbers and datetimes stay text, exactly as the JSON has them.
    assert [list(row.values()) for row in expected] == lines


def test_excel_keeps_text_as_text(api_client):
    """A value that looks like a formula or holds a control character is served as plain text."""
    CustomerFactory(first_name="=HYPERLINK(1)", last_name="#N/A", phone_number="0555\x01")
    sheet = openpyxl.load_workbook(io.BytesIO(api_client.get(URL, {"format": "xls"}).content)).active
    header, row = sheet.iter_rows()
    cells = dict(zip([cell.value for cell in header], row, strict=True))
    assert (cells["first_name"].value, cells["first_name"].data_type) == ("=HYPERLINK(1)", "s")
    assert (cells["last_name"].value, cells["last_name"].data_type) == ("#N/A", "s")
    # XML cannot hold control characters: Excel gets the rest, CSV keeps the value whole.
    assert cells["phone_number"].value == "0555"
    header, line = csv.reader(io.StringIO(api_client.get(URL, {"format": "csv"}).content.decode()))
    assert line[header.index("phone_number")] == "0555\x01"
