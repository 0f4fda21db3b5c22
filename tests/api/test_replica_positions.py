"""The WAL position a read needs (api/ops/replica.py), in its tokens, and which database served it.

These run against the suite's mirror of the primary (a second alias on the same database): it
has every commit, so on PostgreSQL it passes every check and on SQLite it is read as a copy.
Lagging, paused and absent standbys are tested through a real one in tests/replica/.
"""

import base64

import orjson
import pytest
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext
from prometheus_client import REGISTRY

from api.pages.cursor import token_payload
from tests.geography.factories import CityFactory
from tests.oms.orders.factories import OrderItemFactory
from tests.outages import unreachable_database

CITIES = "/api/v1/oms/cities/"
EXPORT_RESUME = "Invalid resume token: use the export's Link rel=resume as given."
FORGED = [-1, 2**63, "0/3000000", 1.5, True, [1], {"p": 1}]


def reads(database):
    """``reporting_reads_total`` of ``database`` so far, every reason added up."""
    return sum(
        sample.value
        for metric in REGISTRY.collect()
        if metric.name == "reporting_reads"
        for sample in metric.samples
        if sample.name == "reporting_reads_total" and sample.labels["database"] == database
    )


def with_position(link, param, position):
    """``link`` with its ``param`` token's position replaced by ``position``."""
    base, token = link.split(f"{param}=")
    token, _, rest = token.partition("&")
    payload = {**token_payload(token), "p": position}
    forged = base64.urlsafe_b64encode(orjson.dumps(payload)).decode().rstrip("=")
    return f"{base}{param}={forged}{'&' + rest if rest else ''}"


@pytest.mark.django_db
@pytest.mark.parametrize(("params", "param"), [({"cursor": ""}, "cursor"), ({}, "seek")])
def test_a_walk_token_with_a_forged_position_is_a_400(api_client, params, param):
    CityFactory.create_batch(3)
    first = api_client.get(CITIES, {"page_size": 1, **params}).json()
    position = token_payload(first["next"].split(f"{param}=")[1].split("&")[0])["p"]
    assert position is None if connection.vendor == "sqlite" else type(position) is int
    for forged in FORGED:
        response = api_client.get(with_position(first["next"], param, forged))
        assert response.status_code == 400, forged
        assert response.json() == {param: ["Invalid horizon: follow next as given."]}


@pytest.mark.django_db
def test_an_export_resume_token_with_a_forged_position_is_a_400(api_client):
    CityFactory.create_batch(3)
    export = api_client.get(CITIES, {"format": "ndjson"})
    assert len(b"".join(export.streaming_content).splitlines()) == 3  # read: its stream holds a transaction
    resume = export["Link"].split(";")[0].strip("<>")
    for forged in FORGED:
        response = api_client.get(with_position(resume, "resume", forged))
        assert response.status_code == 400, forged
        assert response.json() == {"resume": [EXPORT_RESUME]}


# Transactional: on SQLite the mirror is a second connection to one shared-cache
# database, which cannot read while the first holds a test transaction open.
@pytest.mark.django_db(transaction=True, databases=["default", "replica"])
def test_pages_records_and_exports_read_on_a_replica_that_has_their_position(api_client, settings):
    settings.API_READ_DATABASES = ["replica"]
    CityFactory.create_batch(3)
    item = OrderItemFactory()
    before = reads("replica")
    with CaptureQueriesContext(connections["replica"]) as replica:
        first = api_client.get(CITIES, {"page_size": 2, "cursor": ""}).json()
        assert len(api_client.get(first["next"]).json()["results"]) == 1
        assert api_client.get(f"/api/v1/oms/order_items/{item.pk}/").json()["id"] == item.pk
        assert len(b"".join(api_client.get(CITIES, {"format": "ndjson"}).streaming_content).splitlines()) == 3
    assert reads("replica") == before + 4
    served = [query["sql"] for query in replica.captured_queries]
    assert sum("geography_city" in sql for sql in served) == 3
    assert any("orders_orderitem" in sql for sql in served)


def walk_and_export_without_positions(api_client):
    """The second page of a cursor walk and an export's resume, each by a token without a position
    (as tokens minted before positions existed are): (their status codes, the rows they served)."""
    first = api_client.get(CITIES, {"page_size": 2, "cursor": ""}).json()
    export = api_client.get(CITIES, {"format": "ndjson"})
    b"".join(export.streaming_content)  # read: its stream holds a transaction
    resume = export["Link"].split(";")[0].strip("<>")
    page = api_client.get(with_position(first["next"], "cursor", None))
    resumed = api_client.get(with_position(resume, "resume", None))
    rows = len(page.json()["results"]) if page.status_code == 200 else None
    lines = len(b"".join(resumed.streaming_content).splitlines()) if resumed.status_code == 200 else None
    return (page.status_code, resumed.status_code), (rows, lines)


@pytest.mark.django_db(transaction=True, databases=["default", "replica"])
def test_reads_no_replica_could_serve_take_no_fallback_slot(api_client, settings):
    # Without a position nothing can vouch for a replica: the primary serves them, whatever the
    # replicas do, so they are no replica's fallback and a cap of none refuses none of them.
    settings.API_READ_DATABASES = ["replica"]
    settings.API_PRIMARY_FALLBACK_READS = settings.API_PRIMARY_FALLBACK_EXPORTS = 0
    CityFactory.create_batch(3)
    assert walk_and_export_without_positions(api_client) == ((200, 200), (1, 3))


@pytest.mark.django_db(transaction=True, databases=["default", "replica"])
def test_reads_a_replica_should_have_served_count_against_the_fallback_caps(api_client, settings):
    settings.API_READ_DATABASES = ["replica"]
    CityFactory.create_batch(3)
    first = api_client.get(CITIES, {"page_size": 2, "cursor": ""}).json()
    settings.API_PRIMARY_FALLBACK_READS = settings.API_PRIMARY_FALLBACK_EXPORTS = 0
    with unreachable_database("replica"):
        page = api_client.get(first["next"])
        export = api_client.get(CITIES, {"format": "ndjson"})
    assert (page.status_code, export.status_code) == (503, 503)
    assert "read replicas are unavailable" in page.json()["detail"]
