"""``manage.py demo_token`` (run by ``make run``): a working token, and links to where the server is."""

import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def demo_token(*args) -> str:
    out = StringIO()
    call_command("demo_token", *args, stdout=out)
    return out.getvalue()


@pytest.mark.parametrize(
    "host, url",
    [
        (None, "http://127.0.0.1:8000"),
        ("127.0.0.1:8123", "http://127.0.0.1:8123"),
        ("8001", "http://127.0.0.1:8001"),
        ("0.0.0.0:8002", "http://127.0.0.1:8002"),
        ("localhost:8003", "http://localhost:8003"),
        ("[::1]:8004", "http://[::1]:8004"),
    ],
)
def test_links_point_at_the_host_make_run_serves_on(host, url):
    output = demo_token(*(["--host", host] if host else []))
    links = re.findall(r"http://\S+", output)
    assert links == [
        f"{url}/admin/)",
        f"{url}/api/docs/",
        f"{url}/api/v1/remote/1/data-warehouse/orders/orders/",
        f"{url}/api/v1/oms/cities/",
    ]


def test_printed_token_reads_the_api_and_password_signs_in_to_the_admin(client):
    output = demo_token()
    key = re.search(r"API token: +(\w+)", output)[1]
    password = re.search(r"Admin login: +demo / (\S+)", output)[1]
    assert client.get("/api/v1/oms/cities/", HTTP_AUTHORIZATION=f"Token {key}").status_code == 200
    assert client.login(username="demo", password=password)
    # Run again (make run twice): a new key and a fresh password; the previous run's key is revoked.
    again = re.search(r"API token: +(\w+)", demo_token())[1]
    assert again != key
    assert client.get("/api/v1/oms/cities/", HTTP_AUTHORIZATION=f"Token {again}").status_code == 200
    assert client.get("/api/v1/oms/cities/", HTTP_AUTHORIZATION=f"Token {key}").status_code == 401
    assert not client.login(username="demo", password=password)


def test_a_host_that_is_not_address_and_port_is_refused():
    with pytest.raises(CommandError, match="--host: 'example:web'"):
        demo_token("--host", "example:web")
