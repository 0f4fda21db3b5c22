"""Response compression (api/compression.py): gzip at GZIP_LEVEL, Django's rules otherwise."""

import gzip
import os
import subprocess
import sys

import pytest

from tests.geography.factories import CityFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/oms/cities/list-simple/"


@pytest.fixture
def cities():
    return CityFactory.create_batch(40)


def page(api_client, **headers):
    return api_client.get(URL, {"page_size": 40, "sort": "id"}, **headers)


@pytest.mark.parametrize("level, extra_flags", [(1, 4), (6, 0), (9, 2)])
def test_a_client_that_accepts_gzip_gets_the_same_page_gzipped_at_the_level(
    api_client, cities, settings, level, extra_flags
):
    settings.GZIP_LEVEL = level
    plain = page(api_client)
    packed = page(api_client, HTTP_ACCEPT_ENCODING="gzip, deflate")
    assert packed["Content-Encoding"] == "gzip" and "Accept-Encoding" in packed["Vary"]
    assert int(packed["Content-Length"]) == len(packed.content) < len(plain.content)
    assert gzip.decompress(packed.content) == plain.content
    # The gzip header's XFL byte: 4 for the fastest level, 2 for the best, 0 between.
    assert packed.content[8] == extra_flags
    assert packed.content[3] & gzip.FNAME  # the random-length name that varies lengths (BREACH)


def test_the_name_in_the_header_varies_the_length(api_client, cities):
    lengths = {len(page(api_client, HTTP_ACCEPT_ENCODING="gzip").content) for _ in range(8)}
    assert len(lengths) > 1


def test_level_0_compresses_nothing(api_client, cities, settings):
    settings.GZIP_LEVEL = 0
    response = page(api_client, HTTP_ACCEPT_ENCODING="gzip")
    assert not response.has_header("Content-Encoding")
    assert len(response.json()["results"]) == 40


def test_without_accept_encoding_or_for_short_bodies_nothing_is_compressed(api_client, cities):
    assert not page(api_client).has_header("Content-Encoding")
    short = api_client.get(URL, {"page_size": 1, "id": 0}, HTTP_ACCEPT_ENCODING="gzip")
    assert len(short.content) < 200 and not short.has_header("Content-Encoding")


@pytest.mark.parametrize("value", ["10", "-1"])
def test_a_level_out_of_range_stops_the_service_with_a_clear_error(value):
    environment = {
        **os.environ,
        "GZIP_LEVEL": value,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "SECRET_KEY": "not-this-error",
    }
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert f"GZIP_LEVEL must be 0 (no compression) to 9, not {value}." in result.stderr
