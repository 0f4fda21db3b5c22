"""Request ids (X-Request-ID) and the one JSON log line per request of LOG_FORMAT=json."""

import re
import runpy
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.logs import logging_config
from tests.conftest import client_for
from tests.factories import UserFactory
from tests.geography.factories import CityFactory

ROOT = Path(__file__).resolve().parents[2]
CITIES = "/api/v1/oms/cities/"
GENERATED = re.compile(r"[0-9a-f]{32}")


@pytest.mark.django_db
def test_a_safe_request_id_is_echoed_and_any_other_replaced(api_client):
    assert api_client.get(CITIES, HTTP_X_REQUEST_ID="lb-7f3a:01.2_x")["X-Request-ID"] == "lb-7f3a:01.2_x"
    assert GENERATED.fullmatch(api_client.get(CITIES)["X-Request-ID"])
    for unsafe in ("a" * 129, "two words", "line\nbreak", "ünïcode", "a;b", ""):
        echoed = api_client.get(CITIES, HTTP_X_REQUEST_ID=unsafe)["X-Request-ID"]
        assert GENERATED.fullmatch(echoed), unsafe
    assert api_client.get(CITIES, HTTP_X_REQUEST_ID="a" * 128)["X-Request-ID"] == "a" * 128


@pytest.mark.django_db
def test_errors_carry_the_request_id_in_the_header_and_keep_their_documented_bodies(
    api_client, anonymous_client
):
    unauthorized = anonymous_client.get(CITIES, HTTP_X_REQUEST_ID="req-401")
    assert unauthorized.status_code == 401 and unauthorized["X-Request-ID"] == "req-401"
    assert unauthorized.json() == {"detail": "Authentication credentials were not provided."}
    bad = api_client.get(CITIES, {"modifed_date__gt": "2025-01-01"}, HTTP_X_REQUEST_ID="req-400")
    assert bad.status_code == 400 and bad["X-Request-ID"] == "req-400"
    assert list(bad.json()) == ["modifed_date__gt"]
    missing = api_client.get("/no-such-page", HTTP_X_REQUEST_ID="req-404")
    assert missing.status_code == 404 and missing["X-Request-ID"] == "req-404"
    assert missing.json() == {"detail": "Not found."}


@pytest.mark.django_db
def test_json_logs_write_one_line_per_request_without_the_token(json_lines):
    CityFactory.create_batch(3)
    user = UserFactory(is_staff=True)
    client = client_for(user)
    key = client._credentials["HTTP_AUTHORIZATION"].split()[1]
    assert client.get(CITIES, {"page_size": 2}, HTTP_X_REQUEST_ID="job-42").status_code == 200
    assert client.get(CITIES, {"limit": "x"}).status_code == 400
    output = json_lines()
    requests = [line for line in output if line["name"] == "api.requests"]
    assert len(requests) == 2
    ok, bad = requests
    assert ok["message"] == "request" and ok["levelname"] == "INFO"
    keys = ("request_id", "route", "method", "status", "rows", "user_id", "database")
    assert {key: ok[key] for key in keys} == {
        "request_id": "job-42",
        "route": "api/v1/oms/cities/?",
        "method": "GET",
        "status": 200,
        "rows": 2,
        "user_id": user.pk,
        "database": "primary",  # no replica configured
    }
    assert ok["duration_ms"] > 0 and ok["queries"] >= 3 and ok["db_ms"] >= 0
    assert bad["status"] == 400 and bad["rows"] == 0 and GENERATED.fullmatch(bad["request_id"])
    assert bad["database"] is None  # refused before it read any
    written = "\n".join(map(str, output))
    assert key not in written and "Authorization" not in written and "Token " not in written


@pytest.mark.django_db
def test_an_unauthenticated_request_is_logged_without_a_user(json_lines, anonymous_client):
    assert anonymous_client.get(CITIES).status_code == 401
    (line,) = [line for line in json_lines() if line["name"] == "api.requests"]
    assert line["status"] == 401 and line["user_id"] is None


def test_records_logged_while_a_request_is_served_carry_its_id(json_lines, anonymous_client, settings):
    """A server error's traceback, written by Django during the request, names the request."""
    settings.ROOT_URLCONF = "tests.api.failing_urls"
    anonymous_client.raise_request_exception = False
    response = anonymous_client.get("/fails", HTTP_X_REQUEST_ID="req-500")
    assert response.status_code == 500 and response["X-Request-ID"] == "req-500"
    assert response.json() == {"detail": "Server error."}
    (error,) = [line for line in json_lines() if line["name"] == "django.request"]
    assert error["request_id"] == "req-500" and error["levelname"] == "ERROR"
    assert "RuntimeError: a bug" in error["exc_info"]


def test_text_logs_leave_the_request_line_to_the_access_log():
    config = logging_config("text", "INFO")
    assert config["loggers"]["api.requests"]["level"] == "WARNING"
    assert "formatter" not in config["handlers"]["console"]


def test_an_unknown_log_format_is_refused():
    with pytest.raises(ImproperlyConfigured, match="LOG_FORMAT"):
        logging_config("xml", "INFO")


@pytest.mark.parametrize(("log_format", "accesslog"), [("json", None), ("text", "-")])
def test_gunicorn_leaves_the_request_line_to_the_application_in_json_mode(monkeypatch, log_format, accesslog):
    monkeypatch.setenv("LOG_FORMAT", log_format)
    assert runpy.run_path(str(ROOT / "config" / "gunicorn.conf.py"))["accesslog"] == accesslog
