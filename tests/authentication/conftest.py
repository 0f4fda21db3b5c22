"""Sign-in fixtures: throttle counters reset around every test, and a user with a known password."""

import pytest
from django.core.cache import cache

from tests.factories import UserFactory

PASSWORD = "secret-pass-123"  # tests.factories.UserFactory's password


@pytest.fixture(autouse=True)
def clear_throttle_counters():
    """Throttle counters live in the cache, which outlives a test's database transaction."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def user(db):
    return UserFactory(username="reporter")
