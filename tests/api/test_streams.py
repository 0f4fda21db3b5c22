"""Whole-table exports (api/export/streams.py) beyond the per-endpoint contract: queries, horizon,
breaks, gzip.

The contract suite (tests/contract/test_streams.py) compares every endpoint's export with its
JSON; these tests hold what an export promises as a stream.
"""

import contextlib
import gzip
import json
import zlib

import pytest
from django.db import OperationalError, connection
from django.test.utils import CaptureQueriesContext

from api.export import heartbeat
from api.export.renderers import BROKEN_LINE
from api.pages.fastpath import RowPlan
from geography.models import City
from tests.api.test_horizon import OpenTransaction, cities_of_a_minute_ago, rename
from tests.conftest import client_for
from tests.contract.test_streams import ndjson_lines, resumed
from tests.factories import UserFactory
from tests.geography.factories import CityFactory, DistrictFactory, TownshipFactory
from tests.oms.orders.factories import OrderItemFactory

CITIES = "/api/v1/oms/cities/list-simple/"
DISTRICTS = "/api/v1/oms/districts/list-simple/"
ORDER_ITEMS = "/api/v1/oms/order_items/"
NDJSON = {"format": "ndjson"}


def ids(lines):
    return [json.loads(line)["id"] for line in lines]


@pytest.mark.django_db
def test_an_export_costs_the_same_queries_for_3000_rows_as_for_10(api_client, django_assert_max_num_queries):
    township = TownshipFactory()
    DistrictFactory.create_batch(10, township=township)
    with CaptureQueriesContext(connection) as small:
        assert len(ndjson_lines(api_client.get(DISTRICTS, NDJSON))) == 10
    DistrictFactory.create_batch(2990, township=township)
    with django_assert_max_num_queries(min(len(small), 10)):
        assert len(ndjson_lines(api_client.get(DISTRICTS, NDJSON))) == 3000
    with django_assert_max_num_queries(min(len(small), 10)):
        assert b"".join(api_client.get(DISTRICTS, {"format": "parquet"}).streaming_content).startswith(
            b"PAR1"
        )


@pytest.mark.django_db
def test_the_serializer_path_prefetches_once_per_chunk(api_client, settings, django_assert_max_num_queries):
    settings.API_EXPORT_CHUNK_ROWS = 10
    OrderItemFactory.create_batch(3)
    with CaptureQueriesContext(connection) as one_chunk:
        assert len(ndjson_lines(api_client.get(ORDER_ITEMS, NDJSON))) == 3
    OrderItemFactory.create_batch(27)
    # Three chunks: the rows query is one cursor; each further chunk prefetches its images once.
    with django_assert_max_num_queries(len(one_chunk) + 2):
        assert len(ndjson_lines(api_client.get(ORDER_ITEMS, NDJSON))) == 30


@pytest.mark.django_db
def test_without_server_side_cursors_chunks_are_keyset_queries(api_client, settings, monkeypatch):
    settings.API_EXPORT_CHUNK_ROWS = 2
    CityFactory.create_batch(5)
    with_cursor = ndjson_lines(api_client.get(CITIES, {**NDJSON, "sort": "-modified_date"}))
    monkeypatch.setitem(connection.settings_dict, "DISABLE_SERVER_SIDE_CURSORS", True)
    with CaptureQueriesContext(connection) as queries:
        keyset = ndjson_lines(api_client.get(CITIES, {**NDJSON, "sort": "-modified_date"}))
    assert keyset == with_cursor and len(keyset) == 5
    assert sum("geography_city" in query["sql"] for query in queries) == 3  # 2 + 2 + 1 rows
    assert (
        ndjson_lines(api_client.get(CITIES, {**NDJSON, "sort": "-modified_date", "limit": 3}))
        == with_cursor[:3]
    )


@pytest.mark.django_db
def test_without_server_side_cursors_the_serializer_path_chunks_by_keyset_too(
    api_client, settings, monkeypatch
):
    settings.API_EXPORT_CHUNK_ROWS = 2
    OrderItemFactory.create_batch(5)
    with_cursor = ndjson_lines(api_client.get(ORDER_ITEMS, NDJSON))
    monkeypatch.setitem(connection.settings_dict, "DISABLE_SERVER_SIDE_CURSORS", True)
    keyset = ndjson_lines(api_client.get(ORDER_ITEMS, NDJSON))
    assert keyset == with_cursor and len(set(ids(keyset))) == 5


def exported_names(client):
    return [json.loads(line)["name"] for line in ndjson_lines(client.get(CITIES, NDJSON))]


@pytest.mark.django_db(transaction=True)
def test_an_export_serves_only_rows_before_its_horizon(api_client):
    """On PostgreSQL a writer stays open meanwhile (SQLite has one writer: its steps run in turn)."""
    # Stamped well before the open writer's marker, which is floored to its second.
    early, late = cities_of_a_minute_ago("EARLY", "LATE")
    postgresql = connection.vendor == "postgresql"
    with OpenTransaction(lambda: rename(early.pk, "EARLY 2")) if postgresql else contextlib.nullcontext():
        if not postgresql:
            rename(early.pk, "EARLY 2")
        rename(late.pk, "LATE 2")
        # Committed after the open writer stamped its row: held back, as on every list.
        assert exported_names(api_client) == (["EARLY"] if postgresql else ["EARLY 2", "LATE 2"])
    assert exported_names(api_client) == ["EARLY 2", "LATE 2"]


@pytest.mark.django_db
def test_a_resumed_export_yields_every_row_once_while_writers_change_and_delete_rows(api_client, settings):
    settings.API_EXPORT_CHUNK_ROWS = 2
    cities = CityFactory.create_batch(8)
    first = api_client.get(CITIES, {**NDJSON, "sort": "modified_date", "limit": 3})
    received = ndjson_lines(first)  # the connection dropped after three rows
    watermark = max(json.loads(line)["modified_date"] for line in received)
    # Meanwhile: a received row and an unreceived one change, one is deleted, one is added.
    for city in (cities[0], cities[5]):
        city.name = f"{city.name} CHANGED"
        city.save()
    cities[6].delete()
    added = CityFactory()
    link = resumed(first, received[-1]).replace("limit=3&", "")
    rest = ndjson_lines(api_client.get(link))
    exported = ids(received + rest)
    assert len(exported) == len(set(exported))  # every row once
    unchanged = [city.pk for city in cities if city not in (cities[0], cities[5], cities[6])]
    assert sorted(exported) == sorted({cities[0].pk, *unchanged})
    # The next incremental run brings what changed after the export's horizon.
    following = ndjson_lines(api_client.get(CITIES, {**NDJSON, "modified_date__gt": watermark}))
    assert {cities[0].pk, cities[5].pk, added.pk} <= set(ids(following))
    copy = {json.loads(line)["id"]: json.loads(line) for line in received + rest + following}
    assert set(copy) == set(City.objects.values_list("pk", flat=True))
    assert copy[cities[5].pk]["name"].endswith("CHANGED")


@pytest.mark.django_db
def test_a_database_error_mid_stream_ends_it_visibly_broken(api_client, settings, monkeypatch):
    settings.API_EXPORT_CHUNK_ROWS = 2
    CityFactory.create_batch(5)
    built = RowPlan.rows

    def rows(plan, tuples):
        if rows.calls == 1:
            raise OperationalError("server closed the connection unexpectedly")
        rows.calls += 1
        return built(plan, tuples)

    rows.calls = 0
    monkeypatch.setattr(RowPlan, "rows", rows)
    response = api_client.get(CITIES, NDJSON)
    assert response.status_code == 200  # the first chunk was read: the stream has begun
    received, stream = [], iter(response.streaming_content)
    with pytest.raises(OperationalError):
        for piece in stream:
            received.append(piece)
    body = b"".join(received)
    assert not body.endswith(b"\n")
    *complete, last = body.split(b"\n")
    assert len(complete) == 2 and last == BROKEN_LINE
    with pytest.raises(json.JSONDecodeError):
        json.loads(last)


@pytest.mark.django_db
def test_a_database_error_before_the_first_row_is_still_a_status(api_client, monkeypatch):
    CityFactory()

    def rows(plan, tuples):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(RowPlan, "rows", rows)
    response = api_client.get(CITIES, NDJSON)
    assert response.status_code == 503 and response["Retry-After"]


@pytest.mark.django_db
def test_gzip_compresses_an_export_chunk_by_chunk(api_client, settings):
    settings.API_EXPORT_CHUNK_ROWS = 2
    CityFactory.create_batch(5)
    plain = b"".join(api_client.get(CITIES, NDJSON).streaming_content)
    response = api_client.get(CITIES, NDJSON, HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip" and "Content-Length" not in response
    pieces = list(response.streaming_content)
    assert gzip.decompress(b"".join(pieces)) == plain
    # The first chunk's rows can be read before the stream ends: each chunk is flushed.
    opened = zlib.decompressobj(zlib.MAX_WBITS | 16).decompress(b"".join(pieces[:2]))
    assert opened == b"\n".join(plain.split(b"\n")[:2]) + b"\n"


@pytest.mark.django_db
def test_an_export_holds_its_heavy_slot_until_its_stream_closes(settings):
    settings.API_CONCURRENT_HEAVY_PER_TOKEN = 1
    CityFactory.create_batch(3)
    client = client_for(UserFactory(is_staff=True))
    streaming = client.get(CITIES, NDJSON)
    assert streaming.status_code == 200
    refused = client.get(CITIES, {"format": "parquet"})
    assert refused.status_code == 429 and "exports" in refused.json()["detail"]
    assert client.get(CITIES).status_code == 200  # a light page passes beside it
    assert len(ndjson_lines(streaming)) == 3  # read to its end, and closed
    assert len(ndjson_lines(client.get(CITIES, NDJSON))) == 3


@pytest.mark.django_db
def test_the_schema_documents_exports_on_lists_only(api_client):
    schema = api_client.get("/api/schema/", {"format": "json"}).json()
    listing = schema["paths"]["/api/v1/oms/cities/list-simple/"]["get"]
    names = {parameter["name"] for parameter in listing["parameters"]}
    assert {"after", "resume", "limit", "format"} <= names
    content = listing["responses"]["200"]["content"]
    assert {"application/x-ndjson", "application/vnd.apache.parquet"} <= set(content)
    record = schema["paths"]["/api/v1/oms/order_items/{id}/"]["get"]
    assert "application/x-ndjson" not in record["responses"]["200"]["content"]
    assert api_client.get("/api/v1/oms/order_items/1/", NDJSON).status_code == 400


@pytest.mark.django_db
def test_options_keeps_the_documented_renders(api_client):
    body = api_client.options(CITIES, HTTP_ACCEPT="application/x-ndjson").json()
    assert body["renders"] == ["application/json", "text/csv", "application/xls"]


@pytest.mark.django_db
def test_each_chunk_tells_gunicorn_the_worker_is_alive(api_client, settings, monkeypatch):
    settings.API_EXPORT_CHUNK_ROWS = 2
    CityFactory.create_batch(5)
    beats = []
    monkeypatch.setattr(heartbeat, "beat", lambda: beats.append(len(beats)))
    assert len(ndjson_lines(api_client.get(CITIES, NDJSON))) == 5
    assert len(beats) == 3  # chunks of 2, 2 and 1 rows
