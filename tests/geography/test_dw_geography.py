"""Data-warehouse countries, cities, townships and districts (spec sections 3-6): reference data."""

import pytest

from tests.docs import by_id, documented
from tests.factories import ChannelFactory
from tests.geography.factories import CityFactory, CountryFactory, DistrictFactory, TownshipFactory
from tests.http import results

pytestmark = pytest.mark.django_db


def url(path, channel_id=1):
    return f"/api/v1/remote/{channel_id}/data-warehouse/{path}/"


def served(api_client, path, channel_id=1, **params):
    return results(api_client, url(path, channel_id), {"page_size": 1000, **params})


@pytest.mark.parametrize(
    "path, doc",
    [("countries", "dw_countries"), ("townships", "dw_townships"), ("districts", "dw_districts")],
)
def test_documented_records_come_back_as_documented(api_client, docs_examples, path, doc):
    expected = by_id(documented(doc)["results"])
    rows = by_id(served(api_client, path))
    assert {pk: rows[pk] for pk in expected} == expected


def test_documented_cities_keep_the_oms_pages_values_where_the_pages_disagree(api_client, docs_examples):
    """Cities 9 and 10 are ARDAHAN and ARTVİN in the OMS pages, AMASYA and ANKARA here: one row each."""
    conflicting = {"name", "created_date", "modified_date"}
    rows = {row["id"]: row for row in served(api_client, "cities")}
    for expected in documented("dw_cities")["results"]:
        row = rows[expected["id"]]
        assert list(row) == list(expected)
        assert {k: v for k, v in row.items() if k not in conflicting} == {
            k: v for k, v in expected.items() if k not in conflicting
        }
    assert [rows[9]["name"], rows[10]["name"]] == ["ARDAHAN", "ARTVİN"]


@pytest.mark.parametrize("path", ["countries", "cities", "townships", "districts"])
def test_same_rows_under_every_channel(api_client, docs_examples, path):
    other = ChannelFactory()
    DistrictFactory()
    first = api_client.get(url(path, 1), {"page_size": 1000}).json()
    second = api_client.get(url(path, other.pk), {"page_size": 1000}).json()
    assert first["count"] > 0
    assert first["results"] == second["results"]


def ids(api_client, path, **params):
    channel_id = ChannelFactory().pk
    return [row["id"] for row in served(api_client, path, channel_id, sort="id", **params)]


def test_filters_follow_the_hierarchy(api_client):
    district = DistrictFactory()
    township, city = district.township, district.city
    sibling_city = CityFactory(country=city.country)
    sibling_township = TownshipFactory(city=city)
    DistrictFactory()
    assert ids(api_client, "cities", country=city.country_id) == [city.pk, sibling_city.pk]
    assert ids(api_client, "townships", city=city.pk) == [township.pk, sibling_township.pk]
    assert ids(api_client, "districts", township=township.pk) == [district.pk]
    assert ids(api_client, "districts", city=city.pk) == [district.pk]


def test_countries_filter_by_code_and_activity(api_client):
    active, inactive = CountryFactory(code="tr"), CountryFactory(code="en", is_active=False)
    assert ids(api_client, "countries", code="tr") == [active.pk]
    assert ids(api_client, "countries", is_active="false") == [inactive.pk]
