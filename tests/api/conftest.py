"""Fixtures of the shared layer's tests."""

import pytest

import api.pages.counts


@pytest.fixture
def counted(monkeypatch):
    """The counts written to the cache, in order: one per page that had to count."""
    written = []
    original = api.pages.counts.cache.set

    def record(key, value, timeout=None):
        if key.startswith("count:"):
            written.append(value[1])
        original(key, value, timeout)

    monkeypatch.setattr(api.pages.counts.cache, "set", record)
    return written
