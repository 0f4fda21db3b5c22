"""Fixtures shared by every test module: authenticated clients, and the factory registry loaded."""

import importlib
import io
import logging
import logging.config
import pkgutil
from pathlib import Path

import orjson
import pytest
from django.conf import settings
from django.core.cache import cache
from rest_framework.test import APIClient

import api.ops.replica
from authentication.tokens import forget_tokens
from config.logs import logging_config
from tests.factories import ChannelFactory, TokenFactory, UserFactory

# A read-replica alias that mirrors the primary, for the replica routing tests (api/ops/replica.py);
# nothing reads from it unless a test sets API_READ_DATABASES.
settings.DATABASES.setdefault("replica", {**settings.DATABASES["default"], "TEST": {"MIRROR": "default"}})

# Import every tests/**/factories.py so that the contract tests find each model's factory.
for module in pkgutil.walk_packages([str(Path(__file__).parent)], prefix="tests."):
    if module.name.endswith(".factories"):
        importlib.import_module(module.name)


def client_for(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {TokenFactory(user=user).key}")
    return client


@pytest.fixture(autouse=True)
def fresh_throttle_counters():
    """Each test starts with empty rate-limit counters (they live in the cache)."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def fresh_token_memo():
    """Each test starts with no token remembered (authentication/tokens.py): rows it saw are rolled back."""
    forget_tokens()


@pytest.fixture(autouse=True)
def fresh_replica_breaker(settings):
    """Each test starts with every replica believed up and unchecked (api/ops/replica.py), retried only
    when a test says so."""
    api.ops.replica.forget_replicas()
    settings.DEPENDENCY_RETRY_SECONDS = 60
    yield
    api.ops.replica.forget_replicas()


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Hash passwords cheaply: PBKDF2's deliberate slowness would dominate the suite."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def staff_user(db):
    return UserFactory(username="staff", is_staff=True)


@pytest.fixture
def api_client(staff_user) -> APIClient:
    """A client whose token belongs to a staff user (every channel readable)."""
    return client_for(staff_user)


@pytest.fixture
def anonymous_client() -> APIClient:
    return APIClient()


@pytest.fixture
def channel(db):
    return ChannelFactory()


@pytest.fixture
def docs_examples(db):
    """The documented example records (``loaddata docs_examples``)."""
    from django.core.management import call_command

    call_command("loaddata", "docs_examples", verbosity=0)


@pytest.fixture
def tight_rates(monkeypatch):
    """3 requests a minute per token, 2 per anonymous address."""
    from rest_framework.throttling import SimpleRateThrottle

    rates = {**SimpleRateThrottle.THROTTLE_RATES, "token": "3/min", "anonymous": "2/min"}
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", rates)


def pytest_terminal_summary(terminalreporter):
    """Show the lines tests recorded as ``record_property("summary", …)`` (how many documentation
    examples ran, for one): pytest hides a passing test's output, and under xdist its prints too."""
    for report in terminalreporter.stats.get("passed", []) + terminalreporter.stats.get("failed", []):
        for name, value in report.user_properties:
            if name == "summary":
                terminalreporter.write_line(value)


def console_handler():
    return next(handler for handler in logging.getLogger().handlers if handler.name == "console")


@pytest.fixture
def json_lines(settings):
    """The lines the service logs under LOG_FORMAT=json, parsed (its console handler writes to a buffer)."""
    stream = console_handler().stream
    config = logging_config("json", "INFO")
    buffer = io.StringIO()
    config["handlers"]["console"]["stream"] = buffer
    logging.config.dictConfig(config)
    yield lambda: [orjson.loads(line) for line in buffer.getvalue().splitlines()]
    logging.config.dictConfig(settings.LOGGING)
    console_handler().setStream(stream)
