"""Users (section 7): the shop's customer accounts."""

import pytest

from datawarehouse.accounts.models import User
from tests.datawarehouse.accounts.factories import CustomerFactory
from tests.docs import by_id, documented
from tests.http import results

pytestmark = pytest.mark.django_db


def get(api_client, channel_id=1, **params):
    return results(api_client, f"/api/v1/remote/{channel_id}/data-warehouse/users/", params)


def ids(api_client, channel, **params):
    return [row["id"] for row in get(api_client, channel.pk, sort="id", **params)]


def test_documented_user_comes_back_as_documented(api_client, docs_examples):
    expected = by_id(documented("dw_users")["results"])
    rows = by_id(get(api_client, page_size=100))
    assert {pk: rows[pk] for pk in expected} == expected


def test_groups_keep_their_order(api_client, channel):
    user = CustomerFactory(channel=channel, groups=[68, 34, 1], user_permissions=[7])
    (row,) = get(api_client, channel.pk, id=user.pk)
    assert (row["groups"], row["user_permissions"]) == ([68, 34, 1], [7])


def test_created_date_filters_and_sorts_by_date_joined(api_client, channel):
    old = CustomerFactory(channel=channel, date_joined="2021-12-27T11:12:17Z")
    new = CustomerFactory(channel=channel, date_joined="2024-01-01T00:00:00Z")
    assert ids(api_client, channel, created_date__lt="2022-01-01") == [old.pk]
    assert ids(api_client, channel, created_date="2024-01-01") == [new.pk]
    assert ids(api_client, channel, created_date__gte="2021-12-27") == [old.pk, new.pk]
    assert [row["id"] for row in get(api_client, channel.pk, sort="-date_joined")] == [new.pk, old.pk]


def test_filters(api_client, channel):
    guest = CustomerFactory(channel=channel, user_type=User.UserType.GUEST, email="guest@example.com")
    anonymized = CustomerFactory(channel=channel, is_anonymized=True, is_active=False)
    assert ids(api_client, channel, user_type="guest") == [guest.pk]
    assert ids(api_client, channel, email="guest@example.com") == [guest.pk]
    assert ids(api_client, channel, username=guest.username) == [guest.pk]
    assert ids(api_client, channel, is_active="false") == [anonymized.pk]
    assert ids(api_client, channel, is_anonymized="true") == [anonymized.pk]


def test_the_same_email_in_two_channels_is_two_users(api_client, channel):
    other = CustomerFactory(email="same@example.com")
    mine = CustomerFactory(channel=channel, email="same@example.com")
    assert ids(api_client, channel, email="same@example.com") == [mine.pk]
    assert ids(api_client, other.channel, email="same@example.com") == [other.pk]
    assert ids(api_client, channel, id=other.pk) == []
