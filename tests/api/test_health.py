"""``/healthz`` and ``/readyz``: no token, no throttle, any Host, and an honest status of each dependency."""

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext

from tests.outages import closed_port, unreachable_database


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/healthz", "/healthz/"])
def test_healthz_answers_without_touching_the_database(anonymous_client, path):
    with CaptureQueriesContext(connections["default"]) as queries, unreachable_database("default"):
        response = anonymous_client.get(path, HTTP_HOST="10.1.2.3")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert queries.captured_queries == []


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/readyz", "/readyz/"])
def test_readyz_reports_every_dependency(anonymous_client, path):
    response = anonymous_client.get(path, HTTP_HOST="10.1.2.3")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ready",
        "database": "ok",
        "replica": "not configured",
        "cache": "local memory",
    }


@pytest.mark.django_db
def test_probes_are_never_throttled(anonymous_client, tight_rates):
    codes = {anonymous_client.get(path).status_code for path in ["/healthz", "/readyz"] * 5}
    assert codes == {200}
    # The probes did not count against the address's anonymous budget (2 a minute).
    assert [anonymous_client.get("/api/v1/oms/cities/").status_code for _ in range(3)] == [401, 401, 429]


@pytest.mark.django_db
def test_readyz_is_503_while_the_primary_is_unreachable(anonymous_client):
    with unreachable_database("default"):
        response = anonymous_client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"
    assert response.json()["database"] == "unreachable"
    assert anonymous_client.get("/readyz").status_code == 200


@pytest.mark.django_db(transaction=True, databases=["default", "replica"])
def test_readyz_is_200_with_the_replica_and_the_cache_unreachable(anonymous_client, settings):
    settings.API_READ_DATABASE = "replica"
    settings.CACHES = {
        "default": {
            "BACKEND": "api.cache.FailSoftRedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
        }
    }
    assert anonymous_client.get("/readyz").json()["replica"] == "ok"
    with unreachable_database("replica"):
        response = anonymous_client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ready",
        "database": "ok",
        "replica": "unreachable: reads go to the primary",
        "cache": "unreachable: throttle counters are kept per worker process",
    }


@pytest.mark.django_db
def test_other_methods_on_a_probe_path_are_not_probes(api_client):
    assert api_client.post("/readyz").status_code == 404
