"""OMS cities and districts against spec/oms-cities.txt and spec/oms-districts.txt."""

import pytest
from rest_framework.utils.urls import remove_query_param

from api.sync.stamping import chosen_timestamps
from geography.models import City
from tests.docs import documented
from tests.geography.factories import CityFactory, DistrictFactory, TownshipFactory

pytestmark = pytest.mark.django_db


def items(rows):
    """Rows as lists of (key, value) pairs, so that key order is compared too."""
    return [list(row.items()) for row in rows]


@pytest.mark.parametrize(
    "path, doc",
    [("/api/v1/oms/cities/", "oms_cities"), ("/api/v1/oms/cities/list-simple/", "oms_cities_list_simple")],
)
def test_cities_match_the_documented_first_page(api_client, docs_examples, path, doc):
    expected = documented(doc)
    body = api_client.get(path).json()
    assert body["count"] == expected["count"] == 81
    # The documented link, plus the opaque walk position (seek) that following it resumes from.
    assert remove_query_param(body["next"], "seek") == f"http://testserver{path}?page=2"
    assert body["previous"] is None
    assert items(body["results"]) == items(expected["results"])


@pytest.mark.parametrize(
    "path, doc, key",
    [
        ("/api/v1/oms/districts/", "oms_districts", "pk"),
        ("/api/v1/oms/districts/list-simple/", "oms_districts_list_simple", "id"),
    ],
)
def test_districts_match_the_documented_records(api_client, docs_examples, path, doc, key):
    """Districts list by name; within one name the documentation's order is arbitrary, ours is by id."""
    expected = documented(doc)["results"]
    served = api_client.get(path).json()["results"]
    assert [row["name"] for row in served] == sorted(row["name"] for row in expected)
    by_id = {row[key]: list(row.items()) for row in served}
    assert all(by_id[row[key]] == list(row.items()) for row in expected)


def test_cities_filter_by_country(api_client):
    city = CityFactory()
    CityFactory()
    rows = api_client.get("/api/v1/oms/cities/", {"country": city.country_id}).json()["results"]
    assert [row["pk"] for row in rows] == [city.pk]


def test_districts_filter_by_city_and_township(api_client):
    township = TownshipFactory()
    in_township = DistrictFactory(township=township)
    same_city = DistrictFactory(city=township.city, township=None)
    DistrictFactory()
    by_city = api_client.get("/api/v1/oms/districts/", {"city": township.city_id, "sort": "id"}).json()
    assert [row["pk"] for row in by_city["results"]] == [in_township.pk, same_city.pk]
    by_township = api_client.get("/api/v1/oms/districts/list-simple/", {"township": township.pk}).json()
    assert [row["id"] for row in by_township["results"]] == [in_township.pk]


def test_whole_day_rule_on_both_sides_of_midnight(api_client):
    late, early, next_day = CityFactory(), CityFactory(), CityFactory()
    with chosen_timestamps():
        City.objects.filter(pk=late.pk).update(modified_date="2025-01-09T23:59:59.999999Z")
        City.objects.filter(pk=early.pk).update(modified_date="2025-01-09T00:00:00Z")
        City.objects.filter(pk=next_day.pk).update(modified_date="2025-01-10T00:00:00Z")

    def ids(**params):
        rows = api_client.get("/api/v1/oms/cities/", {**params, "sort": "id"}).json()["results"]
        return [row["pk"] for row in rows]

    assert ids(modified_date__lte="2025-01-09") == [late.pk, early.pk]
    assert ids(modified_date="2025-01-09") == [late.pk, early.pk]
    assert ids(modified_date__gt="2025-01-09") == [next_day.pk]
    assert ids(modified_date__gte="2025-01-10") == [next_day.pk]
    assert ids(modified_date__lt="2025-01-09") == []
    assert ids(modified_date__lt="2025-01-10") == [late.pk, early.pk]
    assert ids(modified_date__gt="2025-01-09T23:59:59Z") == [late.pk, next_day.pk]
    # An offset is honoured: 02:00 at +03:00 is 23:00Z the day before.
    assert ids(modified_date__gte="2025-01-10T02:00:00+03:00") == [late.pk, next_day.pk]
