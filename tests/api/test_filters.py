"""Filter parsing the contract tests do not reach: strict booleans, offsets, odd spellings."""

import pytest

from tests.geography.factories import CityFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/oms/cities/"


@pytest.mark.parametrize("value, active", [("true", True), ("1", True), ("FALSE", False), ("0", False)])
def test_booleans_accept_true_false_and_digits(api_client, value, active):
    CityFactory(is_active=True)
    CityFactory(is_active=False)
    rows = api_client.get(URL, {"is_active": value}).json()["results"]
    assert [row["is_active"] for row in rows] == [active]


@pytest.mark.parametrize("value", ["yes", "unknown", "2", "maybe"])
def test_any_other_boolean_is_a_400_not_an_ignored_filter(api_client, value):
    response = api_client.get(URL, {"is_active": value})
    assert response.status_code == 400
    assert "is_active" in response.json()


def test_an_unencoded_plus_offset_still_parses(api_client):
    city = CityFactory()
    stamp = city.modified_date.strftime("%Y-%m-%dT%H:%M:%S.%f")
    # "+00:00" sent raw arrives as " 00:00".
    response = api_client.get(f"{URL}?modified_date__gte={stamp} 00:00")
    assert response.status_code == 200
    assert [row["pk"] for row in response.json()["results"]] == [city.pk]


@pytest.mark.parametrize("value", ["1.5", "one"])
def test_integer_columns_take_whole_numbers_only(api_client, channel, value):
    """Plain integer columns too, not only ids and foreign keys (``attribute_set=1.5`` is no filter)."""
    url = f"/api/v1/remote/{channel.pk}/data-warehouse/products/products/"
    assert api_client.get(url, {"attribute_set": "1"}).status_code == 200
    response = api_client.get(url, {"attribute_set": value})
    assert response.status_code == 400
    assert "attribute_set" in response.json()
