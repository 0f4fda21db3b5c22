"""Page mode: a deep page holds exactly the rows OFFSET would give, found without reading the skipped rows."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from api.sync.stamping import chosen_timestamps
from geography.models import City
from tests.datawarehouse.accounts.factories import CustomerFactory
from tests.geography.factories import CityFactory
from tests.http import result_ids

pytestmark = pytest.mark.django_db
URL = "/api/v1/oms/cities/list-simple/"


@pytest.fixture
def cities():
    """Eleven cities, with ties in modified_date so that the id tie-breaker decides."""
    cities, now = CityFactory.create_batch(11), timezone.now()
    for position, city in enumerate(cities):
        stamp = now - datetime.timedelta(hours=position // 3)
        with chosen_timestamps():
            City.objects.filter(pk=city.pk).update(modified_date=stamp)
    return City.objects.all()


@pytest.mark.parametrize(
    "sort, ordering",
    [
        ("id", ["id"]),
        ("-id", ["-id"]),
        ("modified_date", ["modified_date", "id"]),
        ("-modified_date", ["-modified_date", "-id"]),
        ("modified_date,-id", ["modified_date", "-id"]),
    ],
)
def test_every_page_holds_the_rows_offset_gives(api_client, cities, sort, ordering):
    expected = list(cities.order_by(*ordering).values_list("id", flat=True))
    served = []
    for page in (1, 2, 3, 4):
        served += result_ids(api_client, URL, {"page": page, "page_size": 3, "sort": sort})
    assert served == expected


def test_a_deep_page_seeks_from_the_key_at_its_offset(api_client, cities):
    with CaptureQueriesContext(connection) as queries:
        rows = result_ids(api_client, URL, {"page": 3, "page_size": 4, "sort": "-modified_date"})
    assert rows == list(cities.order_by("-modified_date", "-id").values_list("id", flat=True))[8:]
    # token, (on PostgreSQL the visibility horizon,) count, the key of the page's first row
    # (one row past the offset), the page itself
    horizon = 1 if connection.vendor == "postgresql" else 0
    assert len(queries) == 4 + horizon
    seek = queries.captured_queries[2 + horizon]["sql"].upper()
    assert "LIMIT 1 OFFSET 8" in seek
    assert "OFFSET" not in queries.captured_queries[3 + horizon]["sql"].upper()


def test_a_deep_page_seeks_in_the_sort_index_alone(api_client, cities):
    """The seek names no column outside the sort's index, the horizon's change time included, so
    that it is an index-only scan (filtered by the change time, it read the table row of every
    skipped row: page 90 of districts by name took 139 ms instead of 9 ms)."""
    with CaptureQueriesContext(connection) as queries:
        rows = result_ids(api_client, URL, {"page": 3, "page_size": 4, "sort": "id"})
    assert rows == list(cities.order_by("id").values_list("id", flat=True))[8:]
    (seek,) = [query["sql"] for query in queries.captured_queries if "OFFSET" in query["sql"].upper()]
    assert "modified_date" not in seek


def test_a_sort_on_a_nullable_column_still_pages_like_offset(api_client, channel):
    """``last_login`` may be null, so there is no key to seek from: the page finds its ids first."""
    customers = CustomerFactory.create_batch(5, channel=channel)
    for position, customer in enumerate(customers[:3]):
        customer.last_login = timezone.now() - datetime.timedelta(days=position)
        customer.save()
    url = f"/api/v1/remote/{channel.pk}/data-warehouse/users/"
    expected = [c.pk for c in sorted(customers, key=lambda c: (c.last_login is None, c.last_login, c.pk))]
    if connection.vendor == "sqlite":  # SQLite sorts nulls first ascending, PostgreSQL last
        expected = expected[3:] + expected[:3]
    served = []
    for page in (1, 2, 3):
        served += result_ids(api_client, url, {"page": page, "page_size": 2, "sort": "last_login"})
    assert served == expected


@pytest.mark.parametrize("sort", ["id", "-modified_date"])
def test_following_next_skips_no_row_when_rows_before_it_are_deleted(api_client, cities, sort):
    """``next`` carries the walk's position (``seek``); a page number alone would skip rows."""
    order = [*cities.order_by(sort, "-id" if sort.startswith("-") else "id").values_list("id", flat=True)]
    first = api_client.get(URL, {"page_size": 3, "sort": sort}).json()
    assert [row["id"] for row in first["results"]] == order[:3]
    City.objects.filter(pk__in=order[:2]).delete()
    second = api_client.get(first["next"]).json()
    assert [row["id"] for row in second["results"]] == order[3:6]
    assert second["count"] == len(order) - 2
    assert result_ids(api_client, URL, {"page": 2, "page_size": 3, "sort": sort}) == order[5:8]
    rest = []
    while second["next"]:
        second = api_client.get(second["next"]).json()
        rest += [row["id"] for row in second["results"]]
    assert rest == order[6:]


def test_a_seek_position_is_checked(api_client, cities):
    next_url = api_client.get(URL, {"page_size": 3, "sort": "id"}).json()["next"]
    assert "seek=" in next_url
    response = api_client.get(next_url.replace("sort=id", "sort=-id"))
    assert response.status_code == 400
    assert "seek" in response.json()
    response = api_client.get(URL, {"page": 2, "seek": "not-a-position"})
    assert response.status_code == 400
    assert "seek" in response.json()
