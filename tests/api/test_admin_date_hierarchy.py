"""The admin's date hierarchy lists its years from the date's index (api/templatetags/), as Django would."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from api.stamping import chosen_timestamps
from datawarehouse.orders.models import Order
from tests.datawarehouse.orders.factories import OrderFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/dw_orders/order/"


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(username="admin", is_staff=True, is_superuser=True))
    return client


def years(response) -> list[str]:
    return [choice["title"] for choice in response.context["choices"]]


def order_in(*moments):
    with chosen_timestamps():
        for moment in moments:
            order = OrderFactory()
            Order.objects.filter(pk=order.pk).update(created_date=moment, modified_date=moment)


def test_the_years_are_djangos_found_without_reading_every_row(admin_client):
    utc = datetime.UTC
    order_in(
        datetime.datetime(2021, 3, 1, tzinfo=utc),
        datetime.datetime(2021, 12, 31, 23, 59, tzinfo=utc),
        datetime.datetime(2023, 1, 1, tzinfo=utc),
        datetime.datetime(2024, 6, 1, tzinfo=utc),
    )
    with CaptureQueriesContext(connection) as queries:
        response = admin_client.get(CHANGELIST)
    assert years(response) == ["2021", "2023", "2024"]
    assert [str(d.year) for d in Order.objects.datetimes("created_date", "year")] == years(response)
    assert not [query for query in queries if "TRUNC" in query["sql"].upper()]  # no DISTINCT of the years


def test_a_filtered_list_lists_only_its_own_years_and_months_stay_djangos(admin_client):
    utc = datetime.UTC
    order_in(datetime.datetime(2022, 5, 1, tzinfo=utc), datetime.datetime(2022, 7, 1, tzinfo=utc))
    order_in(datetime.datetime(2025, 1, 2, tzinfo=utc), datetime.datetime(2026, 1, 2, tzinfo=utc))
    Order.objects.filter(created_date__year__gte=2025).update(currency="eur")
    assert years(admin_client.get(CHANGELIST, {"currency": "eur"})) == ["2025", "2026"]
    months = admin_client.get(CHANGELIST, {"created_date__year": "2022"}).context["choices"]
    assert [choice["title"] for choice in months] == ["May 2022", "July 2022"]
