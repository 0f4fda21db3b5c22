"""Production behaviour of the shared layer: throttling, read replica, strict parameters, deploy checks."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext

from tests.conftest import client_for
from tests.factories import UserFactory
from tests.geography.factories import CityFactory

ROOT = Path(__file__).resolve().parents[2]
URL = "/api/v1/oms/cities/"


@pytest.mark.django_db
def test_each_token_has_its_own_budget_and_429_says_when_to_retry(tight_rates):
    first, second = client_for(UserFactory()), client_for(UserFactory())
    assert [first.get(URL).status_code for _ in range(3)] == [200, 200, 200]
    throttled = first.get(URL)
    assert throttled.status_code == 429
    assert int(throttled["Retry-After"]) > 0
    assert "detail" in throttled.json()
    assert second.get(URL).status_code == 200


@pytest.mark.django_db
def test_anonymous_callers_are_throttled_per_address(tight_rates, anonymous_client):
    codes = [anonymous_client.get(URL, REMOTE_ADDR="10.0.0.1").status_code for _ in range(3)]
    assert codes == [401, 401, 429]
    assert anonymous_client.get(URL, REMOTE_ADDR="10.0.0.2").status_code == 401


# Transactional: on SQLite the mirror is a second connection to one shared-cache
# database, which cannot read while the first holds a test transaction open.
@pytest.mark.django_db(transaction=True, databases=["default", "replica"])
def test_reporting_reads_go_to_the_replica_and_authentication_to_the_primary(api_client, settings):
    settings.API_READ_DATABASES = ["replica"]
    CityFactory.create_batch(2)
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections["replica"]) as replica,
    ):
        assert len(api_client.get(URL).json()["results"]) == 2
    assert any("geography_city" in q["sql"] for q in replica.captured_queries)
    assert not any("geography_city" in q["sql"] for q in primary.captured_queries)
    assert any("authentication_apitoken" in q["sql"] for q in primary.captured_queries)


@pytest.mark.django_db
def test_the_token_is_accepted_only_in_the_authorization_header(api_client, anonymous_client):
    key = api_client._credentials["HTTP_AUTHORIZATION"].split()[1]
    response = anonymous_client.get(URL, {"token": key})
    assert response.status_code == 401


@pytest.mark.django_db
def test_unknown_parameter_400_lists_the_accepted_ones(api_client):
    body = api_client.get(URL, {"modifed_date__gt": "2025-01-01"}).json()
    message = body["modifed_date__gt"][0]
    for accepted in (
        "modified_date__gt",
        "id__lte",
        "sort",
        "page",
        "page_size",
        "limit",
        "cursor",
        "format",
    ):
        assert accepted in message


def test_deploy_checks_pass_under_production_settings():
    # The environment docs/production.md documents (nothing here is connected to).
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "0",
        "DATABASE_URL": "postgres://reporting@127.0.0.1:5432/reporting",
        "SECRET_KEY": "x" * 20 + "production-like-secret-key-with-entropy-0123456789",
        "ALLOWED_HOSTS": "reporting.example.com",
        "CACHE_URL": "redis://127.0.0.1:6379/0",
        "HTTPS": "1",
        "NUM_PROXIES": "1",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
