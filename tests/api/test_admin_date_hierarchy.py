"""The admin's date hierarchy lists its years, months and days from the date's index (api/templatetags/),
as Django would."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

import api.admin.base
from api.sync.stamping import chosen_timestamps
from api.templatetags import indexed_date_hierarchy
from datawarehouse.orders.models import Order
from tests.datawarehouse.orders.factories import OrderFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True, params=["index", "dates"])
def listed_from(request, monkeypatch):
    """Each test both ways: periods found in the date's index (a list past 1,000 rows, here past 0), and
    in the dates of a list of at most 1,000 rows."""
    if request.param == "index":
        monkeypatch.setattr(indexed_date_hierarchy, "COUNT_LIMIT", 0)
    return request.param


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


def test_a_filtered_list_lists_only_its_own_years(admin_client):
    utc = datetime.UTC
    order_in(datetime.datetime(2022, 5, 1, tzinfo=utc), datetime.datetime(2022, 7, 1, tzinfo=utc))
    order_in(datetime.datetime(2025, 1, 2, tzinfo=utc), datetime.datetime(2026, 1, 2, tzinfo=utc))
    Order.objects.filter(created_date__year__gte=2025).update(currency="eur")
    assert years(admin_client.get(CHANGELIST, {"currency": "eur"})) == ["2025", "2026"]


def test_a_years_months_and_a_months_days_are_djangos_found_without_reading_every_row(admin_client):
    utc = datetime.UTC
    order_in(
        datetime.datetime(2021, 12, 31, 23, 59, tzinfo=utc),
        datetime.datetime(2022, 1, 1, tzinfo=utc),
        datetime.datetime(2022, 5, 1, tzinfo=utc),
        datetime.datetime(2022, 5, 1, 23, 59, tzinfo=utc),
        datetime.datetime(2022, 5, 31, 12, tzinfo=utc),
        datetime.datetime(2022, 12, 31, 23, 59, tzinfo=utc),
        datetime.datetime(2023, 1, 1, tzinfo=utc),
    )
    with CaptureQueriesContext(connection) as queries:
        months = years(admin_client.get(CHANGELIST, {"created_date__year": "2022"}))
        days = years(admin_client.get(CHANGELIST, {"created_date__year": "2022", "created_date__month": "5"}))
    assert months == ["January 2022", "May 2022", "December 2022"]
    assert days == ["May 1", "May 31"]
    in_2022 = Order.objects.filter(created_date__year=2022)
    assert [f"{d:%B %Y}" for d in in_2022.datetimes("created_date", "month")] == months
    in_may = in_2022.filter(created_date__month=5)
    assert [f"{d:%B} {d.day}" for d in in_may.datetimes("created_date", "day")] == days
    assert not [query for query in queries if "TRUNC" in query["sql"].upper()]  # no DISTINCT of periods


def test_a_few_rows_are_listed_from_their_dates_not_from_the_index(admin_client, listed_from):
    """The index's earliest date of a search's one match would walk the index until it met the match."""
    utc = datetime.UTC
    order_in(datetime.datetime(2022, 5, 1, tzinfo=utc), datetime.datetime(2023, 7, 1, tzinfo=utc))
    number = Order.objects.earliest("created_date").number
    with CaptureQueriesContext(connection) as queries:
        response = admin_client.get(CHANGELIST, {"q": number})
    assert [choice["title"] for choice in response.context["choices"]] == ["May 1"]
    walked = [query for query in queries if 'MIN("dw_orders_order"."created_date")' in query["sql"]]
    assert bool(walked) == (listed_from == "index")


def test_a_list_narrowed_past_the_cap_lists_the_periods_of_the_whole_table(admin_client, monkeypatch):
    """Its own rows' earliest dates would read all its matches per period: a period may hold none of them."""
    utc = datetime.UTC
    order_in(datetime.datetime(2021, 3, 1, tzinfo=utc), datetime.datetime(2021, 5, 1, tzinfo=utc))
    Order.objects.update(user_email="alpha@example.com")
    order_in(datetime.datetime(2021, 7, 1, tzinfo=utc), datetime.datetime(2024, 3, 1, tzinfo=utc))
    assert years(admin_client.get(CHANGELIST, {"q": "alpha", "created_date__year": "2021"})) == [
        "March 2021",
        "May 2021",
    ]
    monkeypatch.setattr(api.admin.base, "COUNT_LIMIT", 1)
    response = admin_client.get(CHANGELIST, {"q": "alpha"})
    assert str(response.context["cl"].result_count) == "1+"
    assert years(response) == ["2021", "2024"]
    months = admin_client.get(CHANGELIST, {"q": "alpha", "created_date__year": "2021"})
    assert years(months) == ["March 2021", "May 2021", "July 2021"]  # within the selected year
