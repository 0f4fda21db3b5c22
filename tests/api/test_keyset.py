"""Keyset (cursor) mode: a walk that survives concurrent writes, costs no COUNT, and costs the same deep."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.exceptions import ValidationError

from api.pagination import keyset_ordering
from geography.models import City
from tests.geography.factories import CityFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/oms/cities/list-simple/"


# A descending modified_date walk cannot promise this: a row updated mid-walk
# jumps ahead of the cursor (the next incremental run picks it up). README says so.
@pytest.mark.parametrize("sort", ["id", "-id", "modified_date"])
def test_walk_misses_no_row_that_existed_when_it_began(api_client, sort):
    cities = CityFactory.create_batch(12)
    for offset, city in enumerate(cities):
        stamp = timezone.now() - datetime.timedelta(hours=len(cities) - offset)
        City.objects.filter(pk=city.pk).update(modified_date=stamp)
    existing = {city.pk for city in cities}
    seen = []
    body = api_client.get(URL, {"cursor": "", "page_size": 3, "sort": sort}).json()
    while True:
        seen += [row["id"] for row in body["results"]]
        if not body["next"]:
            break
        # Between pages: a new row arrives, one seen and one unseen row change.
        CityFactory()
        City.objects.filter(pk=seen[-1]).update(name="RENAMED", modified_date=timezone.now())
        unseen = City.objects.exclude(pk__in=seen).order_by("?").first()
        unseen.save()
        body = api_client.get(body["next"]).json()
    assert existing <= set(seen)


def test_no_count_query_and_deep_pages_cost_what_first_pages_cost(api_client):
    CityFactory.create_batch(30)
    with CaptureQueriesContext(connection) as first:
        body = api_client.get(URL, {"cursor": "", "page_size": 5}).json()
    assert not any("COUNT(" in query["sql"].upper() for query in first.captured_queries)
    for _ in range(4):
        body = api_client.get(body["next"]).json()
    with CaptureQueriesContext(connection) as deep:
        api_client.get(body["next"])
    assert len(deep) == len(first)
    assert not any("OFFSET" in query["sql"].upper() for query in deep.captured_queries)


def test_cursor_issued_for_another_sort_is_rejected(api_client):
    CityFactory.create_batch(3)
    next_url = api_client.get(URL, {"cursor": "", "page_size": 1, "sort": "id"}).json()["next"]
    response = api_client.get(next_url.replace("sort=id", "sort=-modified_date"))
    assert response.status_code == 400
    assert "cursor" in response.json()


def test_cursor_mode_follows_an_endpoints_default_sort(api_client):
    """Districts list by name by default; the cursor walks that order too."""
    from tests.geography.factories import DistrictFactory

    districts = DistrictFactory.create_batch(5)
    body = api_client.get("/api/v1/oms/districts/", {"cursor": "", "page_size": 2}).json()
    names = [row["name"] for row in body["results"]]
    while body["next"]:
        body = api_client.get(body["next"]).json()
        names += [row["name"] for row in body["results"]]
    assert names == sorted(district.name for district in districts)


def test_cursor_mode_rejects_sorting_by_a_nullable_column():
    """NULLs have no place in a keyset comparison, so such a sort is refused up front."""
    with pytest.raises(ValidationError) as error:
        keyset_ordering(City.objects.order_by("omnitron_id"))
    assert "cursor" in error.value.detail
    assert keyset_ordering(City.objects.order_by("-modified_date")) == [
        ("modified_date", True),
        ("id", False),
    ]


def test_next_link_keeps_filters_and_drops_page(api_client):
    CityFactory.create_batch(4)
    body = api_client.get(URL, {"cursor": "", "page_size": 2, "is_active": "true", "page": 3}).json()
    assert "is_active=true" in body["next"] and "page=" not in body["next"] and "cursor=" in body["next"]


def test_gzip_when_the_client_accepts_it(api_client):
    CityFactory.create_batch(40)
    response = api_client.get(URL, {"page_size": 40}, HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"
    plain = api_client.get(URL, {"page_size": 40})
    assert not plain.has_header("Content-Encoding")
