"""The API contract, applied to every registered endpoint (design.md, "The API contract").

Each test is parametrised over the router registries, so an endpoint that is
declared gets the whole contract checked without a line of its own.
"""

import datetime

import orjson
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from api.pages.fastpath import row_plan
from api.pages.renderers import ORJSONRenderer
from tests.contract.endpoints import ENDPOINTS
from tests.factories import ChannelFactory

# Endpoints that render through their serializer (nested lists the row plan
# cannot join), keyed by API (True: data warehouse). Every other endpoint is on
# the fast path.
SERIALIZER_PATH = {False: {"order_items"}, True: {"reversions/versions"}}

pytestmark = [pytest.mark.django_db, pytest.mark.parametrize("endpoint", ENDPOINTS, ids=str)]


def results(response):
    assert response.status_code == 200, response.content
    return response.json()["results"]


def test_token_is_required(endpoint, anonymous_client):
    response = anonymous_client.get(endpoint.url(channel_id=1))
    assert response.status_code == 401
    assert response["Content-Type"] == "application/json"
    assert "detail" in response.json()


def test_read_only(endpoint, api_client):
    _, channel_id = endpoint.make_rows(1)
    url = endpoint.url(channel_id)
    for method in (api_client.post, api_client.put, api_client.patch, api_client.delete):
        response = method(url, {}, format="json")
        assert response.status_code == 405, (method, response.content)
        assert "detail" in response.json()


def test_path_with_and_without_trailing_slash(endpoint, api_client):
    _, channel_id = endpoint.make_rows(1)
    url = endpoint.url(channel_id)
    assert api_client.get(url).status_code == 200
    assert api_client.get(url.rstrip("/")).status_code == 200


def test_fields_follow_the_serializer_declaration(endpoint, api_client):
    _, channel_id = endpoint.make_rows(2)
    rows = results(api_client.get(endpoint.url(channel_id)))
    declared = list(endpoint.viewset.serializer_class.Meta.fields)
    assert rows and all(list(row) == declared for row in rows)


def test_fast_path_renders_exactly_what_the_serializer_renders(endpoint, api_client):
    """Holds the compiled row plan byte-equal to the serializer, over the same rows and through HTTP."""
    _, channel_id = endpoint.make_rows(3)
    serializer_class = endpoint.viewset.serializer_class
    plan = row_plan(serializer_class)
    assert (plan is None) == (endpoint.prefix in SERIALIZER_PATH[endpoint.datawarehouse])
    queryset = endpoint.viewset.queryset.order_by("pk")
    expected = ORJSONRenderer().render(serializer_class(queryset, many=True).data)
    if plan is not None:
        assert ORJSONRenderer().render(plan.rows(plan.select(queryset))) == expected
    served = results(api_client.get(endpoint.url(channel_id), {"page_size": 100, "sort": "id"}))
    assert ORJSONRenderer().render(served) == expected


def test_id_lookups_and_sort(endpoint, api_client):
    rows, channel_id = endpoint.make_rows(4)
    url = endpoint.url(channel_id)
    ids = sorted(row.pk for row in rows)
    key = "id" if "id" in endpoint.viewset.serializer_class.Meta.fields else "pk"
    assert [r[key] for r in results(api_client.get(url, {"sort": "id"}))] == ids
    assert [r[key] for r in results(api_client.get(url, {"sort": "-id"}))] == ids[::-1]
    assert [r[key] for r in results(api_client.get(url, {"id__gt": ids[1], "sort": "id"}))] == ids[2:]
    assert [r[key] for r in results(api_client.get(url, {"id__lte": ids[1], "sort": "id"}))] == ids[:2]
    assert [r[key] for r in results(api_client.get(url, {"id__lt": ids[1]}))] == ids[:1]


def test_modified_date_whole_day_rule(endpoint, api_client):
    _, channel_id = endpoint.make_rows(2)
    url = endpoint.url(channel_id)
    today = datetime.datetime.now(datetime.UTC).date()
    tomorrow = today + datetime.timedelta(days=1)
    assert len(results(api_client.get(url, {"modified_date": today.isoformat()}))) == 2
    assert len(results(api_client.get(url, {"modified_date__lte": today.isoformat()}))) == 2
    assert results(api_client.get(url, {"modified_date__gt": today.isoformat()})) == []
    assert results(api_client.get(url, {"modified_date__gte": tomorrow.isoformat()})) == []
    assert len(results(api_client.get(url, {"modified_date__lt": tomorrow.isoformat()}))) == 2


@pytest.mark.parametrize(
    "params, bad",
    [
        ({"id__gt": "abc"}, "id__gt"),
        ({"id": "1.5"}, "id"),
        ({"modified_date__gte": "yesterday"}, "modified_date__gte"),
        ({"modified_date": "2025-13-01"}, "modified_date"),
        ({"sort": "no_such_field"}, "sort"),
        ({"page": "999"}, "page"),
        ({"page": "0"}, "page"),
        ({"page_size": "-1"}, "page_size"),
        ({"limit": "100000"}, "limit"),
        ({"modifed_date__gt": "2025-01-01"}, "modifed_date__gt"),
        ({"modified_date__gt": ""}, "modified_date__gt"),
        ({"sort": ""}, "sort"),
        ({"cursor": "not-a-cursor"}, "cursor"),
    ],
)
def test_bad_input_is_a_json_400_naming_the_parameter(endpoint, api_client, params, bad):
    _, channel_id = endpoint.make_rows(1)
    response = api_client.get(endpoint.url(channel_id), params)
    assert response.status_code == 400, response.content
    assert bad in response.json()


def test_page_size_limit_and_next_links(endpoint, api_client):
    _, channel_id = endpoint.make_rows(3)
    url = endpoint.url(channel_id)
    for size_param in ("page_size", "limit"):
        body = api_client.get(url, {size_param: 2, "sort": "-id"}).json()
        assert body["count"] == 3 and len(body["results"]) == 2 and body["previous"] is None
        assert body["next"].startswith("http://testserver/")
        assert f"{size_param}=2" in body["next"] and "sort=-id" in body["next"] and "page=2" in body["next"]
        second = api_client.get(body["next"]).json()
        assert len(second["results"]) == 1 and second["next"] is None and second["previous"]


def test_keyset_walk_returns_every_row_once(endpoint, api_client):
    rows, channel_id = endpoint.make_rows(5)
    url, params, seen = endpoint.url(channel_id), {"cursor": "", "page_size": 2}, []
    for sort in ("id", "-modified_date"):
        seen.clear()
        next_url = None
        body = api_client.get(url, {**params, "sort": sort}).json()
        while True:
            assert "count" not in body
            seen += [row.get("id", row.get("pk")) for row in body["results"]]
            next_url = body["next"]
            if not next_url:
                break
            body = api_client.get(next_url).json()
        assert sorted(seen) == sorted(row.pk for row in rows)


def test_queries_per_page_do_not_grow_with_page_size(endpoint, api_client, django_assert_max_num_queries):
    channel = ChannelFactory() if endpoint.datawarehouse else None
    _, channel_id = endpoint.make_rows(2, channel=channel)
    url = endpoint.url(channel_id)
    with CaptureQueriesContext(connection) as small:
        assert api_client.get(url, {"page_size": 1}).status_code == 200
    endpoint.make_rows(8, channel=channel)
    with django_assert_max_num_queries(len(small)):
        assert len(results(api_client.get(url, {"page_size": 10}))) == 10


def test_options_describes_fields_and_filters(endpoint, api_client):
    _, channel_id = endpoint.make_rows(1)
    body = api_client.options(endpoint.url(channel_id)).json()
    assert body["name"] == endpoint.prefix.rsplit("/", 1)[-1]
    assert body["renders"][0] == "application/json"
    assert list(body["actions"]["GET"]) == list(endpoint.viewset.serializer_class.Meta.fields)
    names = {f["field_name"] for f in body["filters"]}
    assert {"sort", "id", endpoint.viewset.filterset_class.modified_date_field} <= names
    orjson.dumps(body)
