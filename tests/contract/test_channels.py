"""Channel routing and isolation, for every data-warehouse endpoint (from the router registry)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.conftest import client_for
from tests.contract.endpoints import ENDPOINTS
from tests.factories import ChannelFactory, UserFactory

DATAWAREHOUSE = [endpoint for endpoint in ENDPOINTS if endpoint.datawarehouse]

pytestmark = [pytest.mark.django_db, pytest.mark.parametrize("endpoint", DATAWAREHOUSE, ids=str)]


def ids(response):
    assert response.status_code == 200, response.content
    return sorted(row.get("id", row.get("pk")) for row in response.json()["results"])


def test_unknown_channel_is_a_json_404(endpoint, api_client):
    response = api_client.get(endpoint.url(channel_id=987654))
    assert response.status_code == 404
    assert "detail" in response.json()


def test_a_token_reaches_only_its_granted_channels(endpoint):
    granted, other = ChannelFactory(), ChannelFactory()
    user = UserFactory()
    granted.users.add(user)
    client = client_for(user)
    assert client.get(endpoint.url(granted.pk)).status_code == 200
    response = client.get(endpoint.url(other.pk))
    assert response.status_code == 403
    assert "detail" in response.json()


def test_rows_appear_only_under_their_own_channel(endpoint, api_client):
    first, second = ChannelFactory(), ChannelFactory()
    first_rows, _ = endpoint.make_rows(2, channel=first)
    second_rows, _ = endpoint.make_rows(2, channel=second)
    first_ids, second_ids = (
        ids(api_client.get(endpoint.url(first.pk))),
        ids(api_client.get(endpoint.url(second.pk))),
    )
    if endpoint.channel_field is None:
        # Reference data: the same rows under every channel.
        assert first_ids == second_ids
        assert {row.pk for row in first_rows + second_rows} <= set(first_ids)
    else:
        assert first_ids == sorted(row.pk for row in first_rows)
        assert second_ids == sorted(row.pk for row in second_rows)
        by_id = api_client.get(endpoint.url(first.pk), {"id": second_rows[0].pk})
        assert ids(by_id) == []


def test_a_granted_token_costs_no_more_queries_than_staff(endpoint, api_client):
    """The grant lookup doubles as the channel's existence check: one query either way."""
    channel = ChannelFactory()
    endpoint.make_rows(2, channel=channel)
    user = UserFactory()
    channel.users.add(user)
    client = client_for(user)
    with CaptureQueriesContext(connection) as staff:
        assert api_client.get(endpoint.url(channel.pk)).status_code == 200
    with CaptureQueriesContext(connection) as granted:
        assert client.get(endpoint.url(channel.pk)).status_code == 200
    assert len(granted) == len(staff)
