"""Email addresses (section 1)."""

import pytest

from tests.datawarehouse.accounts.factories import CustomerFactory, EmailAddressFactory
from tests.docs import by_id, documented
from tests.http import results

pytestmark = pytest.mark.django_db


def get(api_client, channel_id=1, **params):
    return results(api_client, f"/api/v1/remote/{channel_id}/data-warehouse/account/email-addresses/", params)


def ids(api_client, channel, **params):
    return [row["id"] for row in get(api_client, channel.pk, sort="id", **params)]


def test_documented_email_addresses_come_back_as_documented(api_client, docs_examples):
    expected = by_id(documented("dw_email_addresses")["results"])
    rows = by_id(get(api_client, page_size=100))
    assert {pk: rows[pk] for pk in expected} == expected


def test_filters(api_client, channel):
    user = CustomerFactory(channel=channel)
    primary = EmailAddressFactory(user=user)
    secondary = EmailAddressFactory(user=user, email="old@example.com", primary=False, verified=True)
    EmailAddressFactory(channel=channel)
    assert ids(api_client, channel, user=user.pk) == [primary.pk, secondary.pk]
    assert ids(api_client, channel, user=user.pk, primary="false") == [secondary.pk]
    assert ids(api_client, channel, verified="true") == [secondary.pk]
    assert ids(api_client, channel, email="old@example.com") == [secondary.pk]


def test_another_channels_user_filters_to_nothing(api_client, channel):
    EmailAddressFactory(channel=channel)
    elsewhere = EmailAddressFactory()
    assert ids(api_client, channel, user=elsewhere.user_id) == []
    assert ids(api_client, elsewhere.channel, user=elsewhere.user_id) == [elsewhere.pk]
