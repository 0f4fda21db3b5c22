"""A cursor walk's later pages run the walk's statement, compiled once (api/pages/statements.py).

What a statement may never do: serve another walk's rows (other filters, another page size,
other channels), serve a revoked grant, or differ by a byte from what the ORM's page serves.
"""

import factory
import orjson
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from api.pages import links
from api.pages.cursor import encode_cursor
from api.pages.statements import Statement, statements
from geography.models import District
from tests.conftest import client_for
from tests.datawarehouse.orders.factories import OrderFactory
from tests.factories import ChannelFactory, UserFactory
from tests.geography.factories import DistrictFactory
from tests.oms.orders.factories import OrderItemFactory

pytestmark = pytest.mark.django_db
DISTRICTS = "/api/v1/oms/districts/"
ITEMS = "/api/v1/oms/order_items/list-simple/"


@pytest.fixture(autouse=True)
def no_statements():
    """No statement of another test's walks (their horizons differ, but a test must not lean on it)."""
    statements.entries.clear()


@pytest.fixture
def compiles(monkeypatch):
    """The statements compiled during the test, in order."""
    compiled = []
    compile_statement = Statement.compile.__func__

    def counted(cls, *args, **kwargs):
        statement = compile_statement(cls, *args, **kwargs)
        compiled.append(statement)
        return statement

    monkeypatch.setattr(Statement, "compile", classmethod(counted))
    return compiled


def walk(client, url, params):
    """Each page's body of a walk that follows ``next``."""
    pages = [client.get(url, params)]
    while pages[-1].json()["next"]:
        pages.append(client.get(pages[-1].json()["next"]))
    return [page.content for page in pages]


@pytest.mark.parametrize(
    ("mode", "per_page"),
    # The rows; page mode also reads the tables' change markers, to answer its cached count.
    [({"cursor": ""}, 1), ({}, 2)],
    ids=["cursor", "page"],
)
def test_a_walks_later_pages_run_one_statement_each(api_client, compiles, mode, per_page):
    DistrictFactory.create_batch(9)
    first = api_client.get(DISTRICTS, {"page_size": 2, **mode}).json()
    link, pages = first["next"], []
    while link:
        with CaptureQueriesContext(connection) as queries:
            body = api_client.get(link).json()
        # On PostgreSQL a later page executes the walk's prepared statement (api/pages/prepared.py).
        pages.append(sum(reads_districts(query["sql"]) for query in queries))
        link = body["next"]
    assert pages == [per_page] * 4  # the horizon is pinned in the cursor: not read again
    assert len(compiles) == 1


def reads_districts(sql: str) -> bool:
    return District._meta.db_table in sql or sql.startswith("EXECUTE walk_")


SORTS = ["id", "-id", "modified_date", "-modified_date", "created_date", "-created_date"]


@pytest.mark.parametrize("mode", [{"cursor": ""}, {}], ids=["cursor", "page"])
@pytest.mark.parametrize("sort", SORTS)
def test_a_walk_in_every_sort_serves_what_text_and_serializers_serve(api_client, settings, sort, mode):
    channel = ChannelFactory()
    OrderFactory.create_batch(7, channel=channel)
    url = f"/api/v1/remote/{channel.pk}/data-warehouse/orders/orders/"
    params = {"page_size": 2, "sort": sort, "modified_date__gt": "2000-01-01T00:00:00Z", **mode}
    prepared = walk(api_client, url, params)  # on PostgreSQL, prepared once per session
    settings.DATABASE_POOLING = "transaction"  # sent as text (api/pages/prepared.py)
    fast = walk(api_client, url, params)
    settings.API_FAST_PATH = False
    serialized = walk(api_client, url, params)
    assert len(fast) == 4
    # Each walk's own horizon is in its next links: the counts and rows must agree, byte for byte.
    walks = (prepared, fast, serialized)
    rows = [[(page[:20], page.split(b'"results"')[1]) for page in pages] for pages in walks]
    assert rows[0] == rows[1] == rows[2]


def test_a_cursor_sent_with_other_parameters_is_served_with_those(api_client):
    """The cursor pins the horizon, not the walk's statement: another filter or page size is
    another statement, even on the same horizon."""
    active = DistrictFactory.create_batch(6, is_active=True)
    DistrictFactory.create_batch(6, is_active=False)
    first = api_client.get(DISTRICTS, {"cursor": "", "page_size": 2}).json()
    assert api_client.get(first["next"]).json()["next"]  # the walk's statement compiled
    cursor = first["next"].split("cursor=")[1].split("&")[0]
    wider = api_client.get(f"{DISTRICTS}?cursor={cursor}&page_size=5").json()
    assert len(wider["results"]) == 5
    narrowed = api_client.get(f"{DISTRICTS}?cursor={cursor}&page_size=12&is_active=true")
    assert narrowed.status_code == 200, narrowed.content
    assert narrowed.json()["results"]
    assert {row["pk"] for row in narrowed.json()["results"]} <= {district.pk for district in active}


def test_a_grant_revoked_mid_walk_is_honoured_from_the_next_page(compiles):
    user = UserFactory()
    kept, revoked = ChannelFactory(), ChannelFactory()
    items = {channel: OrderItemFactory.create_batch(4, order__channel=channel) for channel in (kept, revoked)}
    for channel in items:
        channel.users.add(user)
    client = client_for(user)
    first = client.get(ITEMS, {"cursor": "", "page_size": 2, "sort": "-id"}).json()
    second = client.get(first["next"]).json()
    revoked.users.remove(user)
    rest = [row for page in walk(client, second["next"], {}) for row in orjson.loads(page)["results"]]
    assert len(compiles) == 2  # the walk's statement, and the one of its narrower rows
    assert rest
    assert {row["id"] for row in rest} <= {item.pk for item in items[kept]}


def test_a_cursor_of_an_older_release_reads_a_horizon_of_its_own_on_each_page(api_client, compiles):
    """A token that pins no horizon (minted before horizons were) is served under a fresh one each
    time: never from a statement that holds another page's."""
    districts = DistrictFactory.create_batch(3, name=factory.Iterator(["A", "B", "C"]))
    cursor = encode_cursor([("name", False), ("id", False)], ["A", districts[0].pk])
    assert len(api_client.get(DISTRICTS, {"cursor": cursor}).json()["results"]) == 2
    DistrictFactory(name="D")
    assert [row["name"] for row in api_client.get(DISTRICTS, {"cursor": cursor}).json()["results"]] == [
        "B",
        "C",
        "D",
    ]
    assert len(compiles) == 2


@pytest.mark.parametrize(("mode", "extra"), [({"cursor": ""}, "&page=2"), ({}, "")], ids=["cursor", "page"])
def test_a_walks_links_are_what_the_request_would_make_them(api_client, monkeypatch, mode, extra):
    """Later pages put their position in links their statement keeps (api/pages/links.py): the same
    links, byte for byte, as made from each request, for each path and host a walk is asked through."""
    DistrictFactory.create_batch(8)
    params = {"page_size": 2, "modified_date__gt": "2000-01-01T00:00:00+00:00", **mode}
    first = api_client.get(DISTRICTS, params).json()
    second = api_client.get(first["next"]).json()
    asked = []
    for link in (first["next"], second["next"]):
        for path in (DISTRICTS, DISTRICTS.rstrip("/")):
            for host in ("testserver", "localhost"):
                later = link.replace("http://testserver" + DISTRICTS, path) + extra
                kept = [page_links(api_client.get(later, HTTP_HOST=host).json()) for _ in range(2)]
                asked.append((later, host, kept))
    statement = next(iter(statements.entries.values()))
    assert statement.links  # the walk's templates
    monkeypatch.setattr(links, "MAX_TEMPLATES", 0)
    statement.links.clear()
    for later, host, kept in asked:
        made = page_links(api_client.get(later, HTTP_HOST=host).json())
        assert kept == [made, made]
        assert made[0].startswith(f"http://{host}{later.split('?')[0]}?")
        assert "2000-01-01T00%3A00%3A00%2B00%3A00" in made[0]
        assert "page=2" not in made[0] if mode else "seek=" not in (made[1] or "")
    assert statement.links == {}


def page_links(body) -> tuple:
    """A page's next and previous links (keyset pages have no previous)."""
    return body["next"], body.get("previous")
