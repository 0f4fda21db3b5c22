"""Deleting a channel-owned record, however it is deleted, leaves one deleted item (section 44)."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.contrib.sites.models import Site
from django.db import transaction

from datawarehouse.accounts.models import EmailAddress
from datawarehouse.tracking.models import ChannelRedirect, DeletedItem
from geography.models import Country
from tests.datawarehouse.accounts.factories import EmailAddressFactory
from tests.datawarehouse.tracking.factories import ChannelRedirectFactory
from tests.factories import ChannelFactory

pytestmark = pytest.mark.django_db


def deleted_items(client, channel):
    """The deleted items served under ``channel``, as (content type, object id) pairs."""
    url = f"/api/v1/remote/{channel.pk}/data-warehouse/deleted-items/"
    response = client.get(url, {"page_size": 100})
    assert response.status_code == 200, response.content
    return sorted((row["content_type"], row["object_id"]) for row in response.json()["results"])


def key(obj):
    return (ContentType.objects.get_for_model(obj).pk, str(obj.pk))


def test_an_orm_delete(api_client):
    redirect = ChannelRedirectFactory()
    expected = key(redirect)
    redirect.delete()
    assert deleted_items(api_client, redirect.channel) == [expected]
    (row,) = api_client.get(f"/api/v1/remote/{redirect.channel_id}/data-warehouse/deleted-items/").json()[
        "results"
    ]
    assert list(row) == ["id", "object_id", "deleted_date", "content_type"]
    assert row["deleted_date"].endswith("Z")


def test_a_cascade_from_a_channel_owned_parent(api_client):
    email = EmailAddressFactory()
    user = email.user
    expected = sorted([key(user), key(email)])
    user.delete()
    assert deleted_items(api_client, user.channel) == expected


def test_a_cascade_from_a_record_no_channel_owns(api_client):
    """Deleting a site takes its redirects with it: each is recorded, the site is not."""
    site = Site.objects.create(domain="old.example.com", name="old")
    redirect = ChannelRedirectFactory(site=site)
    expected = key(redirect)
    site.delete()
    assert deleted_items(api_client, redirect.channel) == [expected]


def test_a_queryset_delete_that_django_would_fast_delete(api_client):
    """Email addresses have no dependents, so Django would delete them in one query and send no
    signal; the receiver keeps it from doing so, and every row is recorded."""
    first = EmailAddressFactory()
    others = EmailAddressFactory.create_batch(2, user=first.user)
    expected = sorted(key(email) for email in [first, *others])
    assert EmailAddress.objects.filter(user=first.user).delete()[0] == 3
    assert deleted_items(api_client, first.channel) == expected


def test_a_queryset_delete_of_multi_table_rows(api_client):
    channel = ChannelFactory()
    redirects = ChannelRedirectFactory.create_batch(3, channel=channel)
    ChannelRedirect.objects.filter(channel=channel).delete()
    assert deleted_items(api_client, channel) == sorted(key(redirect) for redirect in redirects)


def test_the_record_and_its_deletion_share_one_transaction(api_client):
    redirect = ChannelRedirectFactory()
    pk = redirect.pk
    with pytest.raises(RuntimeError), transaction.atomic():
        redirect.delete()
        assert DeletedItem.objects.count() == 1
        raise RuntimeError("roll back")
    assert ChannelRedirect.objects.filter(pk=pk).exists()
    assert deleted_items(api_client, redirect.channel) == []


def test_records_no_channel_owns_leave_no_deleted_item():
    Country.objects.create(name="Nowhere", code="nw").delete()
    assert not DeletedItem.objects.exists()


def test_deleting_a_channel_takes_its_deleted_items_with_it():
    channel = ChannelFactory()
    ChannelRedirectFactory(channel=channel).delete()
    ChannelRedirectFactory(channel=channel)
    assert DeletedItem.objects.filter(channel=channel).count() == 1
    channel.delete()
    assert not DeletedItem.objects.exists()
    assert not ChannelRedirect.objects.exists()


def test_an_admin_delete(admin_client, api_client):
    redirect = ChannelRedirectFactory()
    response = admin_client.post(f"/admin/dw_tracking/channelredirect/{redirect.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert deleted_items(api_client, redirect.channel) == [key(redirect)]


def test_an_admin_bulk_delete(admin_client, api_client):
    channel = ChannelFactory()
    redirects = ChannelRedirectFactory.create_batch(2, channel=channel)
    response = admin_client.post(
        "/admin/dw_tracking/channelredirect/",
        {"action": "delete_selected", "_selected_action": [r.pk for r in redirects], "post": "yes"},
    )
    assert response.status_code == 302
    assert not ChannelRedirect.objects.exists()
    assert deleted_items(api_client, channel) == sorted(key(redirect) for redirect in redirects)
