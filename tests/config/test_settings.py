"""Settings that decide whether the service may start and what it believes of a request.

Each case starts a fresh process with the project's settings (``config.settings``)
under an environment of its own, as a deployment would.
"""

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from config.secret_key import read_or_create, secret_key
from tests.geography.factories import CityFactory

ROOT = Path(__file__).resolve().parents[2]
PRINT_SETTINGS = """
import django
django.setup()
from django.conf import settings
print(settings.USE_X_FORWARDED_HOST, getattr(settings, "SECURE_PROXY_SSL_HEADER", None),
      settings.REST_FRAMEWORK["NUM_PROXIES"])
"""


def start(code_or_args, **env):
    """Runs ``python -c code`` (or ``python <args>``) with the project's settings and ``env`` only."""
    base = {
        key: value for key, value in os.environ.items() if key not in {"SECRET_KEY", "DEBUG", "DATABASE_URL"}
    }
    args = ["-c", code_or_args] if isinstance(code_or_args, str) else code_or_args
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env={**base, "DJANGO_SETTINGS_MODULE": "config.settings", **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_with_debug_off_and_a_database_url_the_service_refuses_to_start_without_a_key():
    result = start(["manage.py", "check"], DATABASE_URL="postgres://reporting@127.0.0.1:5432/reporting")
    assert result.returncode != 0
    assert "SECRET_KEY is not set. Set the SECRET_KEY environment variable" in result.stderr
    configured = start(
        ["manage.py", "check"],
        DATABASE_URL="sqlite:///unused.sqlite3",
        SECRET_KEY="a-key-from-the-environment" * 2,
    )
    assert configured.returncode == 0, configured.stderr


def test_without_a_key_development_reads_the_key_file_and_production_refuses(tmp_path):
    key_file = tmp_path / ".secret_key"
    assert secret_key("from-the-environment", development=False, key_file=key_file) == "from-the-environment"
    assert not key_file.exists()
    with pytest.raises(Exception, match="SECRET_KEY is not set"):
        secret_key("", development=False, key_file=key_file)
    generated = secret_key("", development=True, key_file=key_file)
    assert len(generated) == 50
    assert secret_key("", development=True, key_file=key_file) == generated
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600


def test_processes_starting_together_share_one_generated_key(tmp_path):
    """gunicorn's workers (or runserver's reloader) start at once: each must end up with the same key."""
    key_file = tmp_path / ".secret_key"
    code = "import sys, pathlib, config.secret_key as k; print(k.read_or_create(pathlib.Path(sys.argv[1])))"
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", code, str(key_file)], cwd=ROOT, stdout=subprocess.PIPE, text=True
        )
        for _ in range(4)
    ]
    keys = {worker.communicate()[0].strip() for worker in workers}
    assert keys == {read_or_create(key_file)}
    assert list(tmp_path.iterdir()) == [key_file]  # no draft left behind


@pytest.mark.parametrize(
    "num_proxies, believed", [("0", "False None 0"), ("1", "True ('HTTP_X_FORWARDED_PROTO', 'https') 1")]
)
def test_forwarded_host_and_scheme_are_believed_only_behind_a_proxy(num_proxies, believed):
    result = start(PRINT_SETTINGS, SECRET_KEY="k" * 50, NUM_PROXIES=num_proxies)
    assert result.stdout.strip() == believed, result.stderr


@pytest.mark.django_db
def test_a_direct_client_cannot_forge_the_links_host_or_scheme(api_client):
    CityFactory.create_batch(2)
    forged = {"HTTP_X_FORWARDED_HOST": "evil.example", "HTTP_X_FORWARDED_PROTO": "https"}
    body = api_client.get("/api/v1/oms/cities/", {"page_size": 1}, **forged).json()
    assert body["next"].startswith("http://testserver/api/v1/oms/cities/")


@pytest.mark.django_db
def test_behind_a_proxy_the_links_follow_its_host_and_scheme(api_client, settings):
    settings.USE_X_FORWARDED_HOST, settings.SECURE_PROXY_SSL_HEADER = (
        True,
        ("HTTP_X_FORWARDED_PROTO", "https"),
    )
    CityFactory.create_batch(2)
    forwarded = {"HTTP_X_FORWARDED_HOST": "reporting.example.com", "HTTP_X_FORWARDED_PROTO": "https"}
    settings.ALLOWED_HOSTS = ["reporting.example.com"]
    body = api_client.get("/api/v1/oms/cities/", {"page_size": 1}, **forwarded).json()
    assert body["next"].startswith("https://reporting.example.com/api/v1/oms/cities/")


RETENTION_DAYS = (
    "API_DELETED_ITEMS_RETENTION_DAYS must be a whole number of days, 1 or more (unset: kept forever)"
)


@pytest.mark.parametrize(
    "name, value, message",
    [
        ("GZIP_LEVEL", "4", "GZIP_LEVEL must be 0 (no compression) to 3, not 4."),
        ("GZIP_LEVEL", "-1", "GZIP_LEVEL must be 0 (no compression) to 3, not -1."),
        ("API_TOKEN_CACHE_SECONDS", "-1", "API_TOKEN_CACHE_SECONDS must be 0 or more, not -1."),
        ("API_TOKEN_TTL_DAYS", "-1", "API_TOKEN_TTL_DAYS must be 0 or more, not -1."),
        ("API_SIGN_IN_TOKEN_TTL_HOURS", "0", "API_SIGN_IN_TOKEN_TTL_HOURS must be 1 or more, not 0."),
        ("API_SIGN_IN_TOKENS_PER_USER", "0", "API_SIGN_IN_TOKENS_PER_USER must be 1 or more, not 0."),
        ("API_PRIMARY_FALLBACK_READS", "-1", "API_PRIMARY_FALLBACK_READS must be 0 or more, not -1."),
        ("API_PRIMARY_FALLBACK_EXPORTS", "-2", "API_PRIMARY_FALLBACK_EXPORTS must be 0 or more, not -2."),
        (
            "API_PRIMARY_FALLBACK_READS",
            "eight",
            "API_PRIMARY_FALLBACK_READS must be a whole number, not 'eight'.",
        ),
        ("DATABASE_CONNECT_TIMEOUT", "0", "DATABASE_CONNECT_TIMEOUT must be 1 or more, not 0."),
        (
            "DATABASE_REPLICA_CONNECT_TIMEOUT",
            "0",
            "DATABASE_REPLICA_CONNECT_TIMEOUT must be 1 or more, not 0.",
        ),
        ("API_DELETED_ITEMS_RETENTION_DAYS", "0", f"{RETENTION_DAYS}, not 0."),
        ("API_DELETED_ITEMS_RETENTION_DAYS", "-7", f"{RETENTION_DAYS}, not -7."),
        (
            "API_DELETED_ITEMS_RETENTION_DAYS",
            "30d",
            "API_DELETED_ITEMS_RETENTION_DAYS must be a whole number, not '30d'.",
        ),
        (
            "API_DELETED_ITEMS_RETENTION_DAYS",
            "1.5",
            "API_DELETED_ITEMS_RETENTION_DAYS must be a whole number, not '1.5'.",
        ),
        ("GZIP_LEVEL", "high", "GZIP_LEVEL must be a whole number, not 'high'."),
        *(
            (
                "API_REPLICA_MAX_WAIT",
                value,
                f"API_REPLICA_MAX_WAIT must be a number of seconds, 0 or more, not {value!r}.",
            )
            for value in ("-1", "-0.5", "soon", "nan", "inf")
        ),
        *(
            (
                "API_REPLICA_RECHECK_SECONDS",
                value,
                f"API_REPLICA_RECHECK_SECONDS must be a number of seconds, 0 or more, not {value!r}.",
            )
            for value in ("-1", "later")
        ),
    ],
)
def test_a_value_out_of_range_stops_the_service_with_a_clear_error(name, value, message):
    result = start("import django; django.setup()", **{name: value, "SECRET_KEY": "not-this-error"})
    assert result.returncode != 0
    assert message in result.stderr


@pytest.mark.parametrize("value, days", [("", "None"), ("30", "30"), (" 7 ", "7")])
def test_deleted_items_are_kept_forever_unless_a_retention_is_set(value, days):
    code = "import django; django.setup(); from django.conf import settings as s; "
    result = start(
        code + "print(s.API_DELETED_ITEMS_RETENTION_DAYS)",
        API_DELETED_ITEMS_RETENTION_DAYS=value,
        SECRET_KEY="k" * 50,
    )
    assert result.stdout.strip() == days, result.stderr


@pytest.mark.parametrize("value, seconds", [("", "0.5"), ("0", "0.0"), ("2.5", "2.5")])
def test_a_read_waits_half_a_second_for_the_replica_unless_told(value, seconds):
    code = "import django; django.setup(); from django.conf import settings as s; "
    result = start(code + "print(s.API_REPLICA_MAX_WAIT)", API_REPLICA_MAX_WAIT=value, SECRET_KEY="k" * 50)
    assert result.stdout.strip() == seconds, result.stderr


@pytest.mark.parametrize(
    "environment, message",
    [
        ({"DATABASE_REPLICA_URLS": "postgres://a@h1/db,notaurl"}, "Replica URL 2 "),
        ({"DATABASE_REPLICA_URLS": "postgres://a@h1/db,,postgres://a@h2/db"}, "has an empty entry"),
        (
            {"DATABASE_REPLICA_URLS": "postgres://a@h1:5432/db,postgres://b@h1:5432/db"},
            "Replica URL 2 names the same database as replica URL 1.",
        ),
        (
            {"DATABASE_URL": "postgres://a@h1/db", "DATABASE_REPLICA_URLS": "postgres://b@h1/db"},
            "Replica URL 1 names the same database as the primary's URL.",
        ),
        (
            {"DATABASE_REPLICA_URL": "postgres://a@h1/db", "DATABASE_REPLICA_URLS": "postgres://a@h2/db"},
            "Set DATABASE_REPLICA_URLS or DATABASE_REPLICA_URL, not both.",
        ),
    ],
)
def test_bad_replica_urls_stop_the_service_with_a_clear_error(environment, message):
    result = start("import django; django.setup()", SECRET_KEY="k" * 50, **environment)
    assert result.returncode != 0
    assert message in result.stderr, result.stderr


def test_each_listed_replica_is_a_read_database_and_the_single_url_keeps_working():
    code = "import django; django.setup(); from django.conf import settings as s; print(s.API_READ_DATABASES)"
    listed = start(
        code, SECRET_KEY="k" * 50, DATABASE_REPLICA_URLS=" postgres://a@h1/db , postgres://a@h2/db"
    )
    single = start(code, SECRET_KEY="k" * 50, DATABASE_REPLICA_URL="postgres://a@h1/db")
    assert listed.stdout.strip() == "['replica', 'replica2']", listed.stderr
    assert single.stdout.strip() == "['replica']", single.stderr
