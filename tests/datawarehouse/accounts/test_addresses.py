"""Addresses (section 2)."""

import pytest

from datawarehouse.accounts.models import Address
from tests.datawarehouse.accounts.factories import AddressFactory, CustomerFactory
from tests.docs import by_id, documented
from tests.geography.factories import DistrictFactory
from tests.http import results

pytestmark = pytest.mark.django_db


def get(api_client, channel_id=1, **params):
    return results(api_client, f"/api/v1/remote/{channel_id}/data-warehouse/addresses/", params)


def ids(api_client, channel, **params):
    return [row["id"] for row in get(api_client, channel.pk, sort="id", **params)]


def test_documented_address_comes_back_as_documented(api_client, docs_examples):
    expected = by_id(documented("dw_addresses")["results"])
    rows = by_id(get(api_client, page_size=100))
    assert {pk: rows[pk] for pk in expected} == expected


def test_filters_by_user_and_place(api_client, channel):
    user = CustomerFactory(channel=channel)
    home = AddressFactory(user=user)
    district = DistrictFactory(township=home.township)
    work = AddressFactory(user=user, district=district, is_active=False)
    store = AddressFactory(
        channel=channel, user=None, address_type=Address.AddressType.RETAIL_STORE, retail_store=7
    )
    assert ids(api_client, channel, user=user.pk) == [home.pk, work.pk]
    assert ids(api_client, channel, township=home.township_id) == [home.pk, work.pk]
    assert ids(api_client, channel, district=district.pk) == [work.pk]
    assert ids(api_client, channel, city=store.city_id) == [store.pk]
    assert ids(api_client, channel, country=home.country_id) == [home.pk, work.pk]
    assert ids(api_client, channel, address_type="retail_store") == [store.pk]
    assert ids(api_client, channel, is_active="false") == [work.pk]
    assert get(api_client, channel.pk, id=store.pk)[0]["user"] is None


def test_another_channels_addresses_stay_there(api_client, channel):
    mine = AddressFactory(channel=channel)
    theirs = AddressFactory(district=mine.district)
    assert ids(api_client, channel, district=mine.district_id) == [mine.pk]
    assert ids(api_client, channel, user=theirs.user_id) == []
