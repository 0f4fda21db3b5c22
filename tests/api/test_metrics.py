"""Prometheus metrics at /metrics: who may scrape, what each request adds, across worker processes."""

import ipaddress
import os
import runpy
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection
from django.test import override_settings
from prometheus_client.parser import text_string_to_metric_families
from rest_framework.test import APIClient

from api.ops.metrics import record_dependency
from tests.factories import ChannelFactory
from tests.geography.factories import CityFactory
from tests.outages import unreachable_in_every_thread

ROOT = Path(__file__).resolve().parents[2]
CITIES = "/api/v1/oms/cities/"
CITIES_ROUTE = "api/v1/oms/cities/?"


@pytest.fixture
def scraper(settings):
    """A client the allow-list admits (the test client's address is 127.0.0.1)."""
    settings.METRICS_ALLOWED_NETWORKS = [ipaddress.ip_network("127.0.0.0/8")]
    return APIClient()


def samples_of(text: str) -> dict:
    """Every sample of a scrape, keyed by (name, sorted labels)."""
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def scrape(client) -> dict:
    response = client.get("/metrics")
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("text/plain")
    return samples_of(response.content.decode())


def value(samples, name, **labels):
    return samples.get((name, tuple(sorted(labels.items()))), 0)


def test_metrics_are_not_served_unless_configured(settings, anonymous_client):
    settings.METRICS_ALLOWED_NETWORKS, settings.METRICS_TOKEN = [], ""
    response = anonymous_client.get("/metrics")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_an_address_outside_the_allow_list_is_refused(settings, anonymous_client):
    settings.METRICS_ALLOWED_NETWORKS = [ipaddress.ip_network("10.0.0.0/8")]
    assert anonymous_client.get("/metrics/", REMOTE_ADDR="10.20.30.40").status_code == 200
    refused = anonymous_client.get("/metrics/", REMOTE_ADDR="192.168.1.5")
    assert refused.status_code == 403
    assert "metrics token" in refused.json()["detail"]
    # A forwarded address is the caller's claim, not the socket's: it never admits anyone.
    forwarded = anonymous_client.get("/metrics", REMOTE_ADDR="192.168.1.5", HTTP_X_FORWARDED_FOR="10.0.0.1")
    assert forwarded.status_code == 403


def test_the_bearer_token_admits_any_address(settings, anonymous_client):
    settings.METRICS_ALLOWED_NETWORKS, settings.METRICS_TOKEN = [], "scrape-secret"
    outside = {"REMOTE_ADDR": "203.0.113.9"}
    assert (
        anonymous_client.get("/metrics", HTTP_AUTHORIZATION="Bearer scrape-secret", **outside).status_code
        == 200
    )
    for wrong in ("Bearer scrape-secreT", "Token scrape-secret", "scrape-secret", ""):
        assert anonymous_client.get("/metrics", HTTP_AUTHORIZATION=wrong, **outside).status_code == 403, wrong


@pytest.mark.django_db
def test_a_list_request_counts_its_route_status_latency_rows_and_queries(scraper, api_client):
    CityFactory.create_batch(3)
    before = scrape(scraper)
    assert api_client.get(CITIES, {"page_size": 2}).status_code == 200
    assert api_client.get(CITIES.rstrip("/"), {"cursor": ""}).status_code == 200
    after = scrape(scraper)

    def delta(name, **labels):
        return value(after, name, **labels) - value(before, name, **labels)

    ok = {"route": CITIES_ROUTE, "method": "GET"}
    assert delta("reporting_http_requests_total", status="200", **ok) == 2
    assert delta("reporting_http_request_duration_seconds_count", **ok) == 2
    assert delta("reporting_http_request_duration_seconds_bucket", le="+Inf", **ok) == 2
    assert delta("reporting_http_request_duration_seconds_sum", **ok) > 0
    assert delta("reporting_rows_served_total", route=CITIES_ROUTE) == 2 + 3
    # Each request: the token, then the page's count and rows (page mode) or its rows (cursor).
    assert delta("reporting_db_queries_total", route=CITIES_ROUTE) >= 4
    assert delta("reporting_db_query_seconds_total", route=CITIES_ROUTE) > 0


@pytest.mark.django_db
def test_labels_are_the_url_pattern_never_the_raw_path(scraper, api_client):
    channel = ChannelFactory()
    api_client.get(f"/api/v1/remote/{channel.pk}/data-warehouse/orders/orders")
    api_client.get(f"/api/v1/remote/{channel.pk}/data-warehouse/orders/orders/{channel.pk}/no-such-thing")
    api_client.generic("BREW", CITIES)
    samples = scrape(scraper)
    routes = {dict(labels)["route"] for name, labels in samples if name == "reporting_http_requests_total"}
    assert "api/v1/remote/<int:channel_id>/data-warehouse/orders/orders/?" in routes
    assert "<unmatched>" in routes
    assert not any(f"/{channel.pk}/" in route for route in routes)
    assert value(samples, "reporting_http_requests_total", route=CITIES_ROUTE, method="other", status="405")


@pytest.mark.django_db
def test_throttled_requests_are_counted(scraper, api_client, monkeypatch):
    from rest_framework.throttling import SimpleRateThrottle

    rates = {**SimpleRateThrottle.THROTTLE_RATES, "token": "1/min"}
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", rates)
    before = value(scrape(scraper), "reporting_throttled_requests_total", route=CITIES_ROUTE)
    assert [api_client.get(CITIES).status_code for _ in range(3)] == [200, 429, 429]
    after = value(scrape(scraper), "reporting_throttled_requests_total", route=CITIES_ROUTE)
    assert after - before == 2


@pytest.mark.django_db
def test_dependency_health_is_checked_at_each_scrape_and_settable_by_anyone(scraper):
    samples = scrape(scraper)
    assert value(samples, "reporting_dependency_up", dependency="database:default") == 1
    assert value(samples, "reporting_dependency_up", dependency="cache") == 1
    record_dependency("search-engine", False)
    assert value(scrape(scraper), "reporting_dependency_up", dependency="search-engine") == 0
    record_dependency("search-engine", True)
    assert value(scrape(scraper), "reporting_dependency_up", dependency="search-engine") == 1
    # A cache nobody answers on (nothing listens on this port of this project's range).
    unreachable = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:18449/0",
        }
    }
    with override_settings(CACHES=unreachable):
        assert value(scrape(scraper), "reporting_dependency_up", dependency="cache") == 0


@pytest.mark.django_db(transaction=True, databases=["default", "replica"])
def test_each_replica_says_whether_it_is_used_and_how_far_behind_and_rows_count_per_database(
    scraper, api_client, settings
):
    settings.API_READ_DATABASES = ["replica"]
    CityFactory.create_batch(3)
    api_client.get(CITIES)
    samples = scrape(scraper)
    assert value(samples, "reporting_replica_used", replica="replica") == 1
    served = value(samples, "reporting_rows_served_by_database_total", database="replica")
    assert served >= 3
    export = api_client.get(CITIES, {"format": "ndjson"})
    assert len(b"".join(export.streaming_content).splitlines()) == 3
    exported = value(scrape(scraper), "reporting_rows_served_by_database_total", database="replica")
    assert exported == served + 3  # an export's rows count too, as they stream
    if connection.vendor == "postgresql":  # the mirror is the primary itself: never behind
        assert value(samples, "reporting_replica_seconds_behind", replica="replica") < 1
        assert value(samples, "reporting_replica_bytes_behind", replica="replica") == 0
    with unreachable_in_every_thread("replica"):
        assert value(scrape(scraper), "reporting_replica_used", replica="replica") == 0


WORKER = """
import os, sys
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
import django
django.setup()
from django.test import Client
client = Client()
if sys.argv[1] == "request":
    assert client.get("/no-such-page").status_code == 404
else:
    print(client.get("/metrics").content.decode())
"""


def test_worker_processes_add_up_in_multiprocess_mode(tmp_path):
    """Two processes count one request each; a third, scraping, reports both (gunicorn's workers)."""
    env = {
        **os.environ,
        "PROMETHEUS_MULTIPROC_DIR": str(tmp_path),
        "METRICS_ALLOWED_ADDRESSES": "127.0.0.1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'scrape.sqlite3'}",
        "CACHE_URL": "",
    }

    def run(mode):
        done = subprocess.run(
            [sys.executable, "-c", WORKER, mode], cwd=ROOT, env=env, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    run("request")
    run("request")
    samples = samples_of(run("scrape"))
    unmatched = {"route": "<unmatched>", "method": "GET", "status": "404"}
    assert value(samples, "reporting_http_requests_total", **unmatched) == 2
    assert value(samples, "reporting_dependency_up", dependency="database:default") == 1


def test_gunicorn_starts_metrics_from_zero(tmp_path, monkeypatch):
    """At start the multiprocess directory loses the previous run's worker files, and only those."""
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path))
    (tmp_path / "counter_4242.db").write_bytes(b"old counts")
    (tmp_path / "notes.txt").write_text("not a metrics file")
    runpy.run_path(str(ROOT / "config" / "gunicorn.conf.py"))["on_starting"](None)
    assert [path.name for path in tmp_path.iterdir()] == ["notes.txt"]
