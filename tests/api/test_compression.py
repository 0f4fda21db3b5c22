"""Response compression (api/pages/compression.py): ISA-L's gzip at GZIP_LEVEL, Django's rules otherwise."""

import gzip

import pytest
from isal import igzip

from tests.geography.factories import CityFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/oms/cities/list-simple/"


@pytest.fixture
def cities():
    return CityFactory.create_batch(40)


def page(api_client, **headers):
    return api_client.get(URL, {"page_size": 40, "sort": "id"}, **headers)


def deflated(response):
    """A gzipped response's deflate stream and trailer: what follows its header and random name."""
    assert response.content[3] & gzip.FNAME  # the random-length name that varies lengths (BREACH)
    return response.content[response.content.index(b"\x00", 10) + 1 :]


def test_a_client_that_accepts_gzip_gets_the_same_page_gzipped_at_the_level(api_client, cities, settings):
    plain = page(api_client)
    streams = {}
    for level in (1, 2, 3):
        settings.GZIP_LEVEL = level
        packed = page(api_client, HTTP_ACCEPT_ENCODING="gzip, deflate")
        assert packed["Content-Encoding"] == "gzip" and "Accept-Encoding" in packed["Vary"]
        assert int(packed["Content-Length"]) == len(packed.content) < len(plain.content)
        assert gzip.decompress(packed.content) == plain.content
        streams[level] = deflated(packed)
        assert streams[level] == igzip.compress(plain.content, level, mtime=0)[10:]
    assert len(set(streams.values())) > 1  # the levels differ, so the level is the one applied


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
