"""A filter's values listed from the column's index (api/admin/filters.py), and columns left unsortable."""

import re

import pytest
from django.contrib import admin
from django.contrib.admin.filters import AllValuesFieldListFilter
from django.db import connection
from django.test.utils import CaptureQueriesContext

from datawarehouse.orders.models import Order
from tests.datawarehouse.orders.factories import OrderFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/dw_orders/order/"


def currencies(response) -> list[str]:
    html = response.content.decode()
    return re.findall(r'href="\?currency=(\w+)"', html)


def test_a_columns_values_are_djangos_found_without_reading_every_row(admin_client, monkeypatch):
    for currency in ("usd", "try", "eur", "try"):
        OrderFactory(currency=currency)
    with CaptureQueriesContext(connection) as queries:
        ours = currencies(admin_client.get(CHANGELIST))
    assert ours == ["eur", "try", "usd"]
    assert not [query for query in queries if "SELECT DISTINCT" in query["sql"].upper()]
    model_admin = admin.site._registry[Order]
    djangos = [
        ("currency", AllValuesFieldListFilter) if f[0] == "currency" else f for f in model_admin.list_filter
    ]
    monkeypatch.setattr(model_admin, "list_filter", djangos)
    assert currencies(admin_client.get(CHANGELIST)) == ours  # Django's own filter


def test_a_column_left_out_of_sortable_by_is_no_sort_even_by_hand(admin_client):
    """Orders' e-mail addresses (index 4 with the action checkbox) sort by no index: no header link, and
    ``?o=4`` keeps the default order."""
    emails = ["c@example.com", "a@example.com", "b@example.com"]
    orders = [OrderFactory(user_email=email) for email in emails]
    response = admin_client.get(CHANGELIST, {"o": "4"})
    assert [order.pk for order in response.context["cl"].result_list] == [o.pk for o in reversed(orders)]
    headers = admin_client.get(CHANGELIST).content.decode()
    assert 'href="?o=4"' not in headers
    assert 'href="?o=5"' in headers  # the amount has an index: sortable
