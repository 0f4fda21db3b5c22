"""Dependencies fail soft: an unreachable cache, replica or primary never turns a request into a 500.

Each dependency is really unreachable (tests/outages.py): a Redis port where
nothing listens or nothing answers, a database that refuses the connection.
"""

import json
import socket
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.cache import caches
from django.db import OperationalError, connections
from django.test.utils import CaptureQueriesContext

from tests.conftest import client_for
from tests.factories import TokenFactory, UserFactory
from tests.geography.factories import CityFactory
from tests.oms.orders.factories import OrderItemFactory
from tests.outages import closed_port, unreachable_database, unreachable_settings

URL = "/api/v1/oms/cities/"


def breaker_warnings(caplog) -> list[str]:
    return [record.getMessage() for record in caplog.records if record.name == "api.breaker"]


@pytest.fixture
def cache_at(settings):
    def point(url):
        settings.CACHES = {"default": {"BACKEND": "api.ops.cache.FailSoftRedisCache", "LOCATION": url}}
        return caches["default"]

    return point


# Cache (Redis)


@pytest.mark.django_db
def test_with_redis_refusing_connections_requests_are_served_and_throttled_per_process(
    cache_at, tight_rates, caplog
):
    cache_at(f"redis://127.0.0.1:{closed_port()}/0")
    client = client_for(UserFactory())
    assert [client.get(URL).status_code for _ in range(4)] == [200, 200, 200, 429]
    [warning] = breaker_warnings(caplog)
    assert warning.startswith("Cache (Redis) unreachable (ConnectionError")
    assert "throttle counters are kept per worker process" in warning


@pytest.mark.django_db
def test_a_redis_that_never_answers_costs_one_timeout_then_is_skipped(cache_at, api_client):
    with socket.socket() as hung:
        hung.bind(("127.0.0.1", 0))
        hung.listen(16)  # the kernel completes connections that nobody reads from
        cache = cache_at(f"redis://127.0.0.1:{hung.getsockname()[1]}/0")
        assert [api_client.get(URL).status_code for _ in range(5)] == [200] * 5
        hung.setblocking(False)
        attempts = 0
        while True:
            try:
                hung.accept()[0].close()
            except BlockingIOError:
                break
            attempts += 1
    assert attempts == 1
    assert cache.breaker.is_open


# Read replica


# Transactional: on SQLite the mirror is a second connection to one shared-cache
# database, which cannot read while the first holds a test transaction open.
@pytest.mark.django_db(transaction=True, databases=["default", "replica"])
def test_reads_go_to_the_primary_while_the_replica_is_unreachable(api_client, settings, caplog):
    settings.API_READ_DATABASES = ["replica"]
    CityFactory.create_batch(2)
    item = OrderItemFactory()
    with unreachable_database("replica"):
        for _ in range(3):
            response = api_client.get(URL)
            assert response.status_code == 200
            assert len(response.json()["results"]) == 2
        detail = api_client.get(f"/api/v1/oms/order_items/{item.pk}/")
        assert detail.status_code == 200 and detail.json()["id"] == item.pk
    [warning] = breaker_warnings(caplog)
    assert warning.startswith("Read replica 'replica' unreachable (OperationalError")
    assert "reads go to another replica or the primary" in warning


@pytest.mark.django_db(transaction=True, databases=["default", "replica"])
def test_reads_return_to_the_replica_when_it_answers_again(api_client, settings, caplog):
    settings.API_READ_DATABASES = ["replica"]
    CityFactory.create_batch(2)
    with unreachable_database("replica"):
        assert api_client.get(URL).status_code == 200
    settings.DEPENDENCY_RETRY_SECONDS = 0
    with CaptureQueriesContext(connections["replica"]) as replica:
        assert len(api_client.get(URL).json()["results"]) == 2
    assert any("geography_city" in query["sql"] for query in replica.captured_queries)
    assert breaker_warnings(caplog)[1].startswith("Read replica 'replica' reachable again after")


@pytest.mark.django_db(transaction=True, databases=["default", "replica"])
def test_a_page_that_loses_the_replica_midway_is_read_on_the_primary(api_client, settings, caplog):
    settings.API_READ_DATABASES = ["replica"]
    CityFactory.create_batch(2)
    replica = connections["replica"]
    reachable = replica.settings_dict

    def server_goes_away(execute, sql, params, many, context):
        # What a replica shut down mid-query does: the query fails, and it cannot be reconnected.
        replica.settings_dict = unreachable_settings(reachable)
        raise OperationalError("server closed the connection unexpectedly")

    try:
        with replica.execute_wrapper(server_goes_away):
            response = api_client.get(URL)
    finally:
        replica.close()
        replica.settings_dict = reachable
    assert response.status_code == 200
    assert len(response.json()["results"]) == 2
    assert breaker_warnings(caplog)[0].startswith("Read replica 'replica' unreachable (OperationalError")


@pytest.mark.django_db(transaction=True, databases=["default", "replica"])
def test_pages_falling_back_to_the_primary_past_its_share_answer_503_with_retry_after(api_client, settings):
    settings.API_READ_DATABASES = ["replica"]
    CityFactory.create_batch(2)
    with unreachable_database("replica"):
        assert api_client.get(URL).status_code == 200  # one at a time is within the share
        settings.API_PRIMARY_FALLBACK_READS = 0
        response = api_client.get(URL)
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "read replicas are unavailable" in response.json()["detail"]


@pytest.mark.django_db(transaction=True, databases=["default", "replica"])
def test_an_export_on_the_primary_holds_a_fallback_slot_until_its_stream_closes(
    api_client, settings, monkeypatch
):
    settings.API_READ_DATABASES = ["replica"]
    # Keyset chunks (as behind PgBouncer): an open export holds no transaction on this thread's
    # connection, which the test client's later requests share.
    monkeypatch.setitem(connections["default"].settings_dict, "DISABLE_SERVER_SIDE_CURSORS", True)
    settings.API_PRIMARY_FALLBACK_EXPORTS = 1
    CityFactory.create_batch(3)
    export = f"{URL}?format=ndjson"
    with unreachable_database("replica"):
        first = api_client.get(export)  # started, not read to its end (which would close it)
        refused = in_another_thread(lambda: api_client.get(export))  # with a connection of its own
        first.close()  # what the server does when the stream ends or the client leaves
        again = api_client.get(export)
    assert first.status_code == 200
    assert refused.status_code == 503 and refused["Retry-After"] == "5"
    assert again.status_code == 200 and len(b"".join(again.streaming_content).splitlines()) == 3
    again.close()


def in_another_thread(work):
    """``work()``'s result, run in a thread of its own (closing the connections it opened)."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(lambda: (work(), connections.close_all())[0]).result()


# Primary


REQUESTS = {
    "API list": ("token", "get", URL, None),
    "data-warehouse list": ("token", "get", "/api/v1/remote/1/data-warehouse/orders/orders/", None),
    "active user": ("token", "get", "/api/v1/active_user/", None),
    # A token the process remembers (authentication/tokens.py) still needs the primary for its page.
    "API list, token remembered": ("remembered token", "get", URL, None),
    "API sign-in": ("anonymous", "post", "/api/v1/auth/login/", {"username": "a", "password": "b"}),
    "admin page": ("session", "get", "/admin/", None),
    "admin sign-in": ("anonymous", "post", "/admin/login/", {"username": "a", "password": "b"}),
}


@pytest.mark.django_db
@pytest.mark.parametrize("name", REQUESTS)
def test_an_unreachable_primary_answers_503_with_retry_after(name, client, staff_user):
    auth, method, path, data = REQUESTS[name]
    headers = {}
    if auth in ("token", "remembered token"):
        headers["Authorization"] = f"Token {TokenFactory(user=staff_user).key}"
    if auth == "remembered token":
        assert client.get(path, headers=headers).status_code == 200
    elif auth == "session":
        client.force_login(staff_user)
    with unreachable_database("default"):
        response = getattr(client, method)(path, data, headers=headers)
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content) == {"detail": "The database is unavailable; retry later."}
    assert int(response["Retry-After"]) > 0


@pytest.mark.django_db
def test_the_service_recovers_when_the_primary_answers_again(api_client):
    CityFactory()
    with unreachable_database("default"):
        assert api_client.get(URL).status_code == 503
    assert len(api_client.get(URL).json()["results"]) == 1
