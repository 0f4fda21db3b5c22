"""Schema fuzzing: schemathesis over the project's own OpenAPI schema, every operation.

All three of schemathesis's single-request phases run: the schema's examples,
coverage (every boundary and violation the schema defines) and fuzzing
(generated requests, valid and invalid). Fuzzing is bounded (a fixed number
of examples per operation, a deadline per request) and seeded, so the run
takes the same cases on every machine. Every check but one: no 5xx,
statuses, content types, headers and bodies as documented, schema-violating
input rejected. Left out is "a schema-valid request is accepted": a valid
channel id or page number can still name no channel or page, and then the
answer is rightly a 404 or 400.
"""

import datetime

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from rest_framework.throttling import SimpleRateThrottle
from schemathesis.checks import positive_data_acceptance
from schemathesis.config import SchemathesisConfig
from schemathesis.core.parameters import ParameterLocation

from config.wsgi import application
from tests.conftest import client_for
from tests.factories import UserFactory

# Fuzzed requests per operation, and the longest one request may take: a request
# that holds a worker for seconds is a failure too, not only a 5xx.
FUZZ_EXAMPLES = 40
DEADLINE = datetime.timedelta(seconds=5)

schema = schemathesis.openapi.from_wsgi(
    "/api/schema/",
    application,
    config=SchemathesisConfig.from_dict(
        {
            "seed": 14,
            "phases": {
                "examples": {"enabled": True},
                "coverage": {"enabled": True},
                "fuzzing": {"enabled": True, "generation": {"max-examples": FUZZ_EXAMPLES}},
                "stateful": {"enabled": False},
            },
        }
    ),
)


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
@settings(deadline=DEADLINE, suppress_health_check=list(HealthCheck), derandomize=True)
def test_every_operation_answers_as_its_schema_says(case, fuzz_token):
    # identity: the in-process WSGI transport does not decompress gzip bodies.
    headers = {"Accept-Encoding": "identity"}
    # A case whose headers break the schema on purpose (the token scheme's header missing or
    # malformed) must go out as generated: adding the token would turn it into a valid request.
    if not (case.meta and case.meta.is_negative_at(ParameterLocation.HEADER)):
        headers["Authorization"] = fuzz_token
    case.call_and_validate(headers=headers, excluded_checks=[positive_data_acceptance])
