"""``/healthz`` and ``/readyz``: no token, no throttle, any Host, and an honest status of each dependency."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext

from api.sync.stamping import OUTDATED, TRIGGER
from geography.models import City
from tests.outages import closed_port, unreachable_database, unreachable_in_every_thread


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
        "sync": "ok",
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
    assert response.json()["sync"] == "unknown: the database is unreachable"
    assert anonymous_client.get("/readyz").status_code == 200


@pytest.mark.django_db(transaction=True, databases=["default", "replica"])
def test_readyz_is_200_with_the_replica_and_the_cache_unreachable(anonymous_client, settings):
    settings.API_READ_DATABASES = ["replica"]
    settings.CACHES = {
        "default": {
            "BACKEND": "api.ops.cache.FailSoftRedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
        }
    }
    assert anonymous_client.get("/readyz").json()["replica"] == "ok"
    with unreachable_in_every_thread("replica"):
        response = anonymous_client.get("/readyz")
    assert response.status_code == 200
    body = response.json()
    # How far behind it was when last reached (PostgreSQL): kept, not what this check found.
    assert (
        body.pop("replicas")["replica"]["state"] == "unreachable: reads go to another replica or the primary"
    )
    assert body == {
        "status": "ready",
        "database": "ok",
        "replica": "unreachable: reads go to another replica or the primary",
        "cache": "unreachable: throttle counters are kept per worker process",
        "sync": "ok",
    }


@pytest.mark.django_db
def test_other_methods_on_a_probe_path_are_not_probes(api_client):
    assert api_client.post("/readyz").status_code == 404


def check_database():
    """``manage.py check --database default``, failing on a warning."""
    call_command(
        "check", databases=["default"], fail_level="WARNING", stdout=io.StringIO(), stderr=io.StringIO()
    )


def install_previous_release_function():
    # The stamping function as the release before the stamp markers installed it.
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE OR REPLACE FUNCTION api_stamp_modified_date() RETURNS trigger LANGUAGE plpgsql AS $$ "
            "BEGIN PERFORM pg_current_xact_id(); NEW.modified_date := clock_timestamp(); RETURN NEW; END $$"
        )


def drop_one_trigger():
    # A table served since the last migrate.
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TRIGGER {TRIGGER} ON {City._meta.db_table}")


@pytest.mark.django_db
def test_current_stamping_triggers_pass_readyz_and_the_system_check(anonymous_client):
    assert anonymous_client.get("/readyz").json()["sync"] == "ok"
    check_database()


@pytest.mark.django_db
@pytest.mark.parametrize("outdate", [install_previous_release_function, drop_one_trigger])
def test_outdated_stamping_triggers_are_reported_by_readyz_and_the_system_check(anonymous_client, outdate):
    if connection.vendor != "postgresql":  # no triggers: nothing to be outdated
        assert anonymous_client.get("/readyz").json()["sync"] == "ok"
        return
    outdate()  # in the test's transaction, rolled back after it
    response = anonymous_client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["sync"] == OUTDATED
    with pytest.raises(SystemCheckError, match=r"api\.W001"):
        check_database()
