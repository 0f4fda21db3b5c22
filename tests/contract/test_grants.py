"""Channel grants on the OMS API, for every OMS endpoint (from the router registry).

A non-staff token reads only the customers and order items of the channels its
user is granted; ``channel_id`` narrows that, never widens it; staff read all;
reference data (cities, districts) is readable by any valid token.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.mixins import RetrieveModelMixin

from authentication.tokens import forget_tokens
from tests.conftest import client_for
from tests.contract.endpoints import ENDPOINTS
from tests.contract.test_exports import read_csv, read_excel
from tests.factories import ChannelFactory, UserFactory

OMS = [endpoint for endpoint in ENDPOINTS if not endpoint.datawarehouse]
SCOPED = [endpoint for endpoint in OMS if endpoint.channel_field]
REFERENCE = [endpoint for endpoint in OMS if not endpoint.channel_field]
WITH_CHANNEL_FILTER = [e for e in SCOPED if "channel_id" in e.viewset.filterset_class.base_filters]
WITH_DETAIL = [e for e in SCOPED if issubclass(e.viewset, RetrieveModelMixin)]

pytestmark = pytest.mark.django_db
scoped = pytest.mark.parametrize("endpoint", SCOPED, ids=str)


def test_the_registry_holds_both_kinds():
    assert {str(e) for e in SCOPED} >= {
        "oms:customers/list-simple",
        "oms:order_items",
        "oms:order_items/list-simple",
    }
    assert {str(e) for e in REFERENCE} >= {"oms:cities", "oms:districts"}
    assert WITH_CHANNEL_FILTER and WITH_DETAIL


def row_id(row):
    return row.get("id", row.get("pk"))


def served_ids(client, endpoint, params=None):
    response = client.get(endpoint.url(), {"page_size": 100, **(params or {})})
    assert response.status_code == 200, response.content
    return sorted(row_id(row) for row in response.json()["results"])


def pks(rows):
    return sorted(row.pk for row in rows)


@pytest.fixture
def channels():
    """Three channels; each test makes its endpoint's rows in them."""
    return ChannelFactory(), ChannelFactory(), ChannelFactory()


def granted_client(*channels):
    user = UserFactory()
    for channel in channels:
        channel.users.add(user)
    return client_for(user)


@scoped
def test_a_token_reads_only_the_rows_of_its_granted_channels(endpoint, channels, api_client):
    first, second, third = (endpoint.make_rows(2, channel=channel)[0] for channel in channels)
    assert served_ids(granted_client(channels[0], channels[2]), endpoint) == pks(first + third)
    assert served_ids(granted_client(channels[1]), endpoint) == pks(second)
    assert served_ids(granted_client(), endpoint) == []
    assert served_ids(api_client, endpoint) == pks(first + second + third)


@scoped
def test_an_id_filter_cannot_reach_an_ungranted_row(endpoint, channels):
    endpoint.make_rows(1, channel=channels[0])
    (other,), _ = endpoint.make_rows(1, channel=channels[1])
    client = granted_client(channels[0])
    assert served_ids(client, endpoint, {"id__gte": other.pk, "id__lte": other.pk}) == []


@pytest.mark.parametrize("endpoint", WITH_CHANNEL_FILTER, ids=str)
def test_channel_id_narrows_to_a_granted_channel_and_never_widens(endpoint, channels, api_client):
    _, second, third = (endpoint.make_rows(2, channel=channel)[0] for channel in channels)
    client = granted_client(channels[0], channels[1])
    assert served_ids(client, endpoint, {"channel_id": channels[1].pk}) == pks(second)
    for ungranted in (channels[2].pk, f"+{channels[2].pk}", 987654):
        response = client.get(endpoint.url(), {"channel_id": ungranted})
        assert response.status_code == 403, response.content
        assert "channel_id" in response.json()
    # Staff may name any channel; a value that is no id is still the filter's 400.
    assert served_ids(api_client, endpoint, {"channel_id": channels[2].pk}) == pks(third)
    for malformed in ("abc", "²"):
        response = client.get(endpoint.url(), {"channel_id": malformed})
        assert response.status_code == 400 and "channel_id" in response.json()


@pytest.mark.parametrize("endpoint", WITH_DETAIL, ids=str)
def test_the_detail_of_an_ungranted_row_is_a_404(endpoint, channels, api_client):
    (mine,), _ = endpoint.make_rows(1, channel=channels[0])
    (theirs,), _ = endpoint.make_rows(1, channel=channels[1])
    client = granted_client(channels[0])
    assert row_id(client.get(f"{endpoint.url()}{mine.pk}/").json()) == mine.pk
    response = client.get(f"{endpoint.url()}{theirs.pk}/")
    assert response.status_code == 404
    assert "detail" in response.json()
    assert api_client.get(f"{endpoint.url()}{theirs.pk}/").status_code == 200


@scoped
@pytest.mark.parametrize("read, params", [(read_csv, {"format": "csv"}), (read_excel, {"format": "xls"})])
def test_exports_hold_only_the_granted_rows(endpoint, channels, read, params):
    mine, _ = endpoint.make_rows(2, channel=channels[0])
    endpoint.make_rows(2, channel=channels[1])
    header, lines = read(granted_client(channels[0]).get(endpoint.url(), {**params, "sort": "id"}))
    column = header.index("id" if "id" in header else "pk")
    assert [int(line[column]) for line in lines] == pks(mine)


@pytest.mark.parametrize("endpoint", REFERENCE, ids=str)
def test_reference_data_is_readable_by_any_valid_token(endpoint, api_client):
    rows, _ = endpoint.make_rows(3)
    assert served_ids(granted_client(), endpoint) == served_ids(api_client, endpoint) == pks(rows)


@pytest.mark.parametrize("endpoint", OMS, ids=str)
def test_grants_cost_one_query_at_most_whatever_the_page_size(endpoint, channels, api_client):
    endpoint.make_rows(2, channel=channels[0])
    client = granted_client(channels[0])
    with CaptureQueriesContext(connection) as staff:
        assert len(api_client.get(endpoint.url(), {"page_size": 1}).json()["results"]) == 1
    with CaptureQueriesContext(connection) as granted:
        assert len(client.get(endpoint.url(), {"page_size": 1}).json()["results"]) == 1
    # Staff skip the grants; the granted token reads them in one query.
    assert len(granted) <= len(staff) + 1
    endpoint.make_rows(8, channel=channels[0])
    forget_tokens()  # counted as the first request was: with its token's lookup
    with CaptureQueriesContext(connection) as larger:
        assert len(client.get(endpoint.url(), {"page_size": 10}).json()["results"]) == 10
    assert len(larger) == len(granted)
