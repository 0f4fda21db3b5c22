"""Schema fuzzing: schemathesis over the project's own OpenAPI schema, every operation.

Bounded (a few examples per operation) so the suite stays fast. Every check
but one: no 5xx, statuses, content types, headers and bodies as documented,
schema-violating input rejected. Left out is "a schema-valid request is
accepted": a valid channel id or page number can still name no channel or
page, and then the answer is rightly a 404 or 400.
"""

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from rest_framework.throttling import SimpleRateThrottle
from schemathesis.checks import positive_data_acceptance

from config.wsgi import application
from tests.conftest import client_for
from tests.factories import UserFactory

schema = schemathesis.openapi.from_wsgi("/api/schema/", application)


@pytest.fixture
def keep_test_connection():
    """Requests go straight to the WSGI app, not through Django's test client, so do what it
    does: keep the request signals from closing the connection that holds the test transaction."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def fuzz_token(docs_examples, keep_test_connection, monkeypatch):
    # Hundreds of requests from one address and token: rates are not what is under test here.
    rates = {**SimpleRateThrottle.THROTTLE_RATES, "token": "100000/min", "anonymous": "100000/min"}
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", rates)
    return client_for(UserFactory(is_staff=True))._credentials["HTTP_AUTHORIZATION"]


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_every_operation_answers_as_its_schema_says(case, fuzz_token):
    # identity: the in-process WSGI transport does not decompress gzip bodies.
    case.call_and_validate(
        headers={"Authorization": fuzz_token, "Accept-Encoding": "identity"},
        excluded_checks=[positive_data_acceptance],
    )
