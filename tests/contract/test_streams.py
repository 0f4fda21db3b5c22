"""Whole-table exports (NDJSON, Parquet) of every registered endpoint, compared with its JSON pages.

Rows are read in chunks of two here, so that every export crosses chunk boundaries.
"""

import datetime
import decimal
import io
import json
from urllib.parse import parse_qsl, urlencode, urlsplit

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from django.core.cache import cache

from api.optional_fields import optional_fields
from tests.conftest import client_for
from tests.contract.endpoints import ENDPOINTS
from tests.contract.test_grants import SCOPED, granted_client
from tests.factories import ChannelFactory, UserFactory

pytestmark = pytest.mark.django_db
every_endpoint = pytest.mark.parametrize("endpoint", ENDPOINTS, ids=str)
NDJSON = {"format": "ndjson"}
PARQUET = {"format": "parquet"}


@pytest.fixture(autouse=True)
def small_chunks(settings):
    settings.API_EXPORT_CHUNK_ROWS = 2
    cache.clear()  # rate-limit counters of earlier tests


def body_of(response) -> bytes:
    assert response.status_code == 200, response.content
    assert response.streaming
    return b"".join(response.streaming_content)


def ndjson_lines(response) -> list[bytes]:
    assert response["Content-Type"] == "application/x-ndjson"
    body = body_of(response)
    assert body == b"" or body.endswith(b"\n")
    return body.splitlines()


def results_bytes(response) -> bytes:
    """The raw bytes of a JSON page's ``results`` array (its last key)."""
    assert response.status_code == 200, response.content
    return response.content.split(b'"results":', 1)[1][:-1]


def page(client, url, params):
    return client.get(url, {"page_size": 100, **params})


def parquet_table(response) -> pa.Table:
    assert response["Content-Type"] == "application/vnd.apache.parquet"
    return pq.read_table(io.BytesIO(body_of(response)))


def row_id(row):
    return row.get("id", row.get("pk"))


@every_endpoint
def test_ndjson_lines_are_the_json_pages_rows_byte_for_byte(endpoint, api_client):
    _, channel_id = endpoint.make_rows(5)
    url = endpoint.url(channel_id)
    for params in ({}, {"sort": "-id"}, {"sort": "modified_date"}):
        if "modified_date" in params.get("sort", "") and "modified_date" in optional_fields(
            endpoint.viewset.serializer_class
        ):
            params["include"] = "modified_date"
        served = page(api_client, url, params)
        if served.status_code == 400:  # a sort this endpoint does not offer
            assert "sort" in served.json()
            continue
        exported = api_client.get(url, {**params, **NDJSON})
        if exported.status_code == 400:  # sorted by a key the rows do not hold: not resumable
            assert "sort" in exported.json()
            assert "modified_date" not in served.json()["results"][0]
            continue
        lines = ndjson_lines(exported)
        assert len(lines) == 5
        assert b"[" + b",".join(lines) + b"]" == results_bytes(served)
    by_header = api_client.get(url, HTTP_ACCEPT="application/x-ndjson")
    assert b"[" + b",".join(ndjson_lines(by_header)) + b"]" == results_bytes(page(api_client, url, {}))


@every_endpoint
def test_filters_and_limit_choose_the_rows_of_an_export(endpoint, api_client):
    rows, channel_id = endpoint.make_rows(5)
    url = endpoint.url(channel_id)
    middle = sorted(row.pk for row in rows)[1]
    params = {"id__gt": middle, "sort": "-id"}
    lines = ndjson_lines(api_client.get(url, {**params, **NDJSON}))
    assert b"[" + b",".join(lines) + b"]" == results_bytes(page(api_client, url, params))
    assert [row_id(json.loads(line)) for line in lines] == sorted(
        (r.pk for r in rows if r.pk > middle), reverse=True
    )
    sample = ndjson_lines(api_client.get(url, {**params, **NDJSON, "limit": 2}))
    assert sample == lines[:2]
    assert parquet_table(api_client.get(url, {**params, **PARQUET, "limit": 3})).num_rows == 3


def expected_cell(kind: pa.DataType, value):
    """A JSON value as the Parquet column of ``kind`` holds it, read back by pyarrow."""
    if value is None:
        return None
    if pa.types.is_timestamp(kind):
        return datetime.datetime.fromisoformat(value)
    if pa.types.is_date(kind):
        return datetime.date.fromisoformat(value)
    if pa.types.is_decimal(kind):
        return decimal.Decimal(value)
    return value


@every_endpoint
def test_parquet_columns_types_and_values_are_the_json_rows(endpoint, api_client):
    _, channel_id = endpoint.make_rows(3)
    url = endpoint.url(channel_id)
    records = page(api_client, url, {"sort": "id"}).json()["results"]
    table = parquet_table(api_client.get(url, {"sort": "id", **PARQUET}))
    declared = list(endpoint.viewset.serializer_class.Meta.fields)
    # Columns in documented order, nested records flattened to dotted names.
    assert list(dict.fromkeys(name.split(".")[0] for name in table.column_names)) == declared
    assert table.num_rows == len(records) == 3
    for name, kind in zip(table.column_names, table.schema.types, strict=True):
        path = name.split(".")
        served = []
        for record in records:
            value = record
            for key in path:
                value = None if value is None else value.get(key)
            served.append(value)
        read = table.column(name).to_pylist()
        if pa.types.is_string(kind) and read != served:
            # A JSON value (or a list only a serializer builds) is JSON text.
            assert [None if v is None else json.loads(v) for v in read] == served, name
            continue
        assert read == [expected_cell(kind, value) for value in served], name
        if pa.types.is_timestamp(kind):
            assert kind == pa.timestamp("us", tz="UTC")
        if pa.types.is_integer(kind):
            assert kind == pa.int64()


@every_endpoint
def test_an_empty_export_keeps_its_columns_and_types(endpoint, api_client):
    channel = ChannelFactory()
    url = endpoint.url(channel.pk)
    table = parquet_table(api_client.get(url, {**PARQUET, "id__lt": 0}))
    assert table.num_rows == 0 and table.column_names
    filled = parquet_table(api_client.get(endpoint.url(endpoint.make_rows(2)[1]), PARQUET))
    assert table.schema == filled.schema
    assert ndjson_lines(api_client.get(url, {**NDJSON, "id__lt": 0})) == []


def resume_link(response) -> str:
    link, rel = response["Link"].split(";")
    assert rel.strip() == 'rel="resume"'
    return link.strip("<>")


def resume_token(response) -> str:
    """The resume token of an export (read to its end: that closes it, and frees its slot)."""
    body_of(response)
    return dict(parse_qsl(urlsplit(resume_link(response)).query))["resume"]


def resumed(response, line) -> str:
    """The resume link, continuing after ``line``: the last row received of ``response``."""
    row = json.loads(line)
    key = json.dumps([row[name] for name in response["X-Export-Sort"].split(",")])
    return f"{resume_link(response)}&{urlencode({'after': key})}"


@every_endpoint
def test_a_dropped_export_resumes_after_its_last_row(endpoint, api_client):
    _, channel_id = endpoint.make_rows(5)
    url = endpoint.url(channel_id)
    whole = ndjson_lines(api_client.get(url, NDJSON))
    first = api_client.get(url, {**NDJSON, "limit": 2})
    received = ndjson_lines(first)
    assert len(received) == 2
    # Dropped after its second row: the rest, without limit.
    link = resumed(first, received[-1]).replace("limit=2&", "")
    assert received + ndjson_lines(api_client.get(link)) == whole
    # The link keeps limit: at most that many more rows each time (files of two rows), to the end.
    response, lines = first, received
    while len(lines) == 2:
        response = api_client.get(resumed(response, lines[-1]))
        lines = ndjson_lines(response)
        received += lines
    assert received == whole
    # Resumed as Parquet: the same rows, from the same token.
    link = resumed(first, whole[-1]).replace("format=ndjson", "format=parquet")
    assert parquet_table(api_client.get(link)).num_rows == 0
    link = resumed(first, whole[0]).replace("format=ndjson", "format=parquet").replace("limit=2&", "")
    assert parquet_table(api_client.get(link)).num_rows == 4
    # Without after, the token gives the same pinned set from its start.
    assert ndjson_lines(api_client.get(resume_link(first))) == whole[:2]


@every_endpoint
def test_bad_export_input_is_a_json_400_naming_the_parameter(endpoint, api_client):
    _, channel_id = endpoint.make_rows(1)
    url = endpoint.url(channel_id)
    token, other_sort = (
        resume_token(api_client.get(url, params)) for params in (NDJSON, {**NDJSON, "sort": "id"})
    )
    cases = [
        ({"format": "foo"}, "format"),
        ({**NDJSON, "limit": "0"}, "limit"),
        ({**NDJSON, "limit": "-1"}, "limit"),
        ({**NDJSON, "limit": "1.5"}, "limit"),
        ({**NDJSON, "limit": "2147483648"}, "limit"),
        ({**NDJSON, "page": "1"}, "page"),
        ({**PARQUET, "page_size": "10"}, "page_size"),
        ({**NDJSON, "cursor": ""}, "cursor"),
        ({**NDJSON, "seek": "x"}, "seek"),
        ({**NDJSON, "resume": "forged"}, "resume"),
        ({**NDJSON, "resume": token[:-4] + "AAAA"}, "resume"),
        ({**NDJSON, "resume": token, "id__gt": "0"}, "resume"),
        ({**NDJSON, "resume": other_sort}, "resume"),
        ({**NDJSON, "after": "[1]"}, "after"),
        ({**NDJSON, "resume": token, "after": "not json"}, "after"),
        ({**NDJSON, "resume": token, "after": "[null]"}, "after"),
        ({**NDJSON, "resume": token, "after": '["1"]'}, "after"),
        ({**NDJSON, "resume": token, "after": "[2147483648]"}, "after"),
        ({**NDJSON, "resume": token, "after": "[1, 2]"}, "after"),
        ({"after": "[1]"}, "after"),
        ({"resume": token}, "resume"),
    ]
    for params, bad in cases:
        response = api_client.get(url, params)
        assert response.status_code == 400, (params, response.content)
        assert response["Content-Type"] == "application/json"
        assert bad in response.json(), (params, response.json())


@pytest.mark.parametrize(
    "endpoint",
    [e for e in ENDPOINTS if "modified_date" in optional_fields(e.viewset.serializer_class)],
    ids=str,
)
def test_a_sort_key_the_rows_do_not_hold_is_refused_saying_how_to_resume(endpoint, api_client):
    _, channel_id = endpoint.make_rows(1)
    url = endpoint.url(channel_id)
    response = api_client.get(url, {**NDJSON, "sort": "modified_date"})
    assert response.status_code == 400
    assert "include=modified_date" in response.json()["sort"][0]
    included = api_client.get(url, {**NDJSON, "sort": "modified_date", "include": "modified_date"})
    key = "id" if "id" in endpoint.viewset.serializer_class.Meta.fields else "pk"
    assert included["X-Export-Sort"] == f"modified_date,{key}"
    assert len(ndjson_lines(included)) == 1


@pytest.mark.parametrize("endpoint", [e for e in ENDPOINTS if e.datawarehouse], ids=str)
def test_a_channel_the_token_is_not_granted_exports_nothing(endpoint):
    _, channel_id = endpoint.make_rows(1)
    client = client_for(UserFactory())
    for params in (NDJSON, PARQUET):
        denied = client.get(endpoint.url(channel_id), params)
        assert denied.status_code == 403 and denied["Content-Type"] == "application/json"
        missing = client.get(endpoint.url(channel_id + 1000), params)
        assert missing.status_code == 404 and "detail" in missing.json()


@pytest.mark.parametrize("endpoint", SCOPED, ids=str)
def test_an_oms_export_holds_only_the_granted_channels_rows(endpoint):
    granted, other = ChannelFactory(), ChannelFactory()
    mine, _ = endpoint.make_rows(2, channel=granted)
    endpoint.make_rows(2, channel=other)
    client = granted_client(granted)
    lines = ndjson_lines(client.get(endpoint.url(), {**NDJSON, "sort": "id"}))
    assert [row_id(json.loads(line)) for line in lines] == sorted(row.pk for row in mine)
    assert parquet_table(client.get(endpoint.url(), PARQUET)).num_rows == 2
    if "channel_id" in endpoint.viewset.filterset_class.base_filters:
        assert client.get(endpoint.url(), {**NDJSON, "channel_id": other.pk}).status_code == 403
