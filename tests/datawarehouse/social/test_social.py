"""Social accounts (section 37), through HTTP."""

import datetime

import pytest

from tests.datawarehouse.social.factories import SocialAccountFactory
from tests.docs import by_id, documented
from tests.http import results

pytestmark = pytest.mark.django_db

URL = "/api/v1/remote/{channel}/data-warehouse/social-account/accounts/"


def rows(client, channel=1, **params):
    return results(client, URL.format(channel=channel), {"page_size": 100, **params})


def ids(client, channel, **params):
    return [row["id"] for row in rows(client, channel, **{"sort": "id", **params})]


def test_documented_records_come_back_as_documented(api_client, docs_examples):
    expected = documented("dw_social_accounts")["results"]
    served = rows(api_client)
    assert [by_id(served)[row["id"]] for row in expected] == list(by_id(expected).values())
    # In the documented order too; other apps' examples may add rows (placeholders) around them.
    documented_ids = [row["id"] for row in expected]
    assert [row["id"] for row in served if row["id"] in documented_ids] == documented_ids


def test_extra_data_is_served_as_stored(api_client, channel):
    """A provider's profile is a JSON object; the documented records hold strings, served unchanged."""
    profile = SocialAccountFactory(channel=channel, extra_data={"name": "john", "phone": {"code": "+90"}})
    legacy = SocialAccountFactory(channel=channel, extra_data="{u'name': u'john'}")
    served = {row["id"]: row["extra_data"] for row in rows(api_client, channel.pk)}
    assert served == {profile.pk: {"name": "john", "phone": {"code": "+90"}}, legacy.pk: "{u'name': u'john'}"}


def test_filter_by_user_and_provider(api_client, channel):
    facebook = SocialAccountFactory(channel=channel)
    apple = SocialAccountFactory(channel=channel, provider="apple", user=facebook.user)
    other = SocialAccountFactory(channel=channel, provider="akifast")
    assert ids(api_client, channel.pk, user=facebook.user_id) == [facebook.pk, apple.pk]
    assert ids(api_client, channel.pk, provider="akifast") == [other.pk]
    assert ids(api_client, channel.pk, uid=apple.uid) == [apple.pk]


def test_created_date_is_date_joined_and_sort_by_last_login(api_client, channel):
    early = SocialAccountFactory(
        channel=channel, date_joined=moment(2022, 1, 17), last_login=moment(2025, 1, 1)
    )
    late = SocialAccountFactory(
        channel=channel, date_joined=moment(2023, 6, 12), last_login=moment(2024, 1, 1)
    )
    assert ids(api_client, channel.pk, created_date__lte="2022-01-17") == [early.pk]
    assert ids(api_client, channel.pk, created_date__gt="2022-01-17") == [late.pk]
    assert [row["id"] for row in rows(api_client, channel.pk, sort="-last_login")] == [early.pk, late.pk]
    assert [row["id"] for row in rows(api_client, channel.pk, sort="last_login")] == [late.pk, early.pk]


def moment(*date):
    return datetime.datetime(*date, 11, 38, tzinfo=datetime.UTC)
