"""A walk's statement is prepared once per PostgreSQL session (api/pages/prepared.py).

What preparing may never do: prepare anything where a session is not the client's own
(PgBouncer's transaction pooling), keep more than a session's share, or fail a page when a session
no longer holds what the process believes it does. That it serves the bytes the statement sent as
text serves, in every sort of both modes, is tests/api/test_walk_statements.py's.
"""

import factory
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from api.pages import prepared
from api.pages.statements import statements
from tests.geography.factories import DistrictFactory

pytestmark = pytest.mark.django_db
DISTRICTS = "/api/v1/oms/districts/"
POSTGRESQL = connection.vendor == "postgresql"


@pytest.fixture(autouse=True)
def no_statements():
    """No statement of another test, neither in this process nor prepared on its session."""
    statements.entries.clear()
    prepared._sessions.clear()
    if POSTGRESQL:
        with connection.cursor() as cursor:
            cursor.execute("DEALLOCATE ALL")


def walk_from(client, link):
    """The SQL each page ran and its body, following ``next`` from ``link``."""
    sent, bodies = [], []
    while link:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(link)
        assert response.status_code == 200, response.content
        sent.append([query["sql"] for query in queries])
        bodies.append(response.json())
        link = bodies[-1]["next"]
    return sent, bodies


def later_pages(client, url, params):
    """The SQL each later page of a walk ran, and every page's results."""
    first = client.get(url, params).json()
    sent, bodies = walk_from(client, first["next"])
    return sent, [first["results"], *(body["results"] for body in bodies)]


def test_a_session_prepares_a_walks_statement_once_and_executes_it_on_every_later_page(api_client):
    DistrictFactory.create_batch(9, name=factory.Iterator(["O'Brien %s 100%", "A", "B"]))
    sent, results = later_pages(api_client, DISTRICTS, {"cursor": "", "page_size": 2})
    assert len(sent) == 4
    assert sum(len(page) for page in results) == 9
    if POSTGRESQL:
        name = sent[0][-1].split("PREPARE ")[1].split(" ")[0]
        assert sent[0][-1].startswith(f"{prepared.GENERIC_PLANS}; PREPARE {name} AS SELECT")
        assert all(page[-1].startswith(f"EXECUTE {name}(") for page in sent[1:])
    else:
        assert all("PREPARE" not in sql and "EXECUTE" not in sql for page in sent for sql in page)


def test_a_walks_statement_is_planned_once_for_every_key(api_client):
    """Left to choose, PostgreSQL plans a prepared statement's first five executions for their own
    key; a session that prepares walks plans each once, generically, from the first."""
    DistrictFactory.create_batch(6)
    first = api_client.get(DISTRICTS, {"cursor": "", "page_size": 2}).json()
    sent, _ = walk_from(api_client, first["next"])
    if not POSTGRESQL:
        assert not any("plan_cache_mode" in sql for page in sent for sql in page)
        return
    name = sent[0][-1].split("PREPARE ")[1].split(" ")[0]
    with connection.cursor() as cursor:
        cursor.execute("SHOW plan_cache_mode")
        assert cursor.fetchone() == ("force_generic_plan",)
        cursor.execute(f"EXPLAIN EXECUTE {name}(%s, %s)", ["A", 1])
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "> ROW($1, $2)" in plan, plan


def test_a_page_mode_walk_prepares_its_count_beside_its_rows(api_client):
    """Page mode's later pages run two statements, the rows and the count's change markers: a
    session prepares both once, and the count stays exact when the rows change between pages."""
    DistrictFactory.create_batch(9)
    first = api_client.get(DISTRICTS, {"page_size": 2}).json()
    second = api_client.get(first["next"]).json()
    DistrictFactory()  # a write between pages: the markers change, and the next page counts again
    sent, bodies = walk_from(api_client, second["next"])
    assert [first["count"], second["count"], *(body["count"] for body in bodies)] == [9, 9, 10, 10, 10]
    if POSTGRESQL:
        assert all(len(page) == 2 and all(sql.startswith("EXECUTE walk_") for sql in page) for page in sent)
    else:
        assert not any("EXECUTE" in sql for page in sent for sql in page)


def test_under_transaction_pooling_nothing_is_prepared(api_client, settings):
    settings.DATABASE_POOLING = "transaction"
    DistrictFactory.create_batch(5)
    sent, results = later_pages(api_client, DISTRICTS, {"cursor": "", "page_size": 2})
    assert sum(len(page) for page in results) == 5
    assert not any("PREPARE" in sql or "EXECUTE" in sql for page in sent for sql in page)
    assert not prepared.prepares(connection)


@pytest.mark.django_db(transaction=True)
def test_a_session_that_lost_its_statements_serves_the_page_as_text_and_prepares_no_more(api_client):
    """A pooler that resets sessions behind the process's back (transaction pooling not declared):
    the page is served all the same, and that session is sent text from then on."""
    DistrictFactory.create_batch(9)
    first = api_client.get(DISTRICTS, {"cursor": "", "page_size": 2}).json()
    second = api_client.get(first["next"]).json()  # prepared here, on PostgreSQL
    if POSTGRESQL:
        with connection.cursor() as cursor:
            cursor.execute("DEALLOCATE ALL")
    pages, _ = walk_from(api_client, second["next"])
    assert len(pages) == 3
    if POSTGRESQL:
        assert pages[0][-2].startswith("EXECUTE walk_")  # refused: the session had lost it
        assert pages[0][-1].startswith("SELECT")
    assert not any(sql.startswith(("EXECUTE", "PREPARE")) for page in pages[1:] for sql in page)


def test_a_session_keeps_its_latest_statements_and_deallocates_the_oldest(api_client, monkeypatch):
    monkeypatch.setattr(prepared, "MAX_PREPARED", 2)
    DistrictFactory.create_batch(6)
    walks = [{"cursor": "", "page_size": size} for size in (1, 2, 3)]
    for params in walks:
        first = api_client.get(DISTRICTS, params).json()
        with CaptureQueriesContext(connection) as queries:
            assert api_client.get(first["next"]).status_code == 200
    if not POSTGRESQL:
        assert not any("DEALLOCATE" in query["sql"] for query in queries)
        return
    assert queries[-1]["sql"].startswith("DEALLOCATE walk_")  # the first walk's, in the third's round trip
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_prepared_statements WHERE name LIKE 'walk_%'")
        assert cursor.fetchone() == (2,)
