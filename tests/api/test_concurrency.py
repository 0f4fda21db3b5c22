"""The per-user concurrency limit (api/ops/concurrency.py), through HTTP.

A request made while another of the same token is in flight stands for a concurrent one: the
first request's view issues it before rendering.
"""

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.test import RequestFactory

from tests.api.conftest import as_the_test_client_serves
from tests.conftest import client_for
from tests.factories import UserFactory
from tests.geography.factories import CityFactory

URL = "/api/v1/oms/cities/"


@pytest.fixture(autouse=True)
def limits(settings, db):
    settings.API_CONCURRENT_REQUESTS_PER_TOKEN = 2
    settings.API_CONCURRENT_HEAVY_PER_TOKEN = 1
    CityFactory.create_batch(3)


def test_a_second_concurrent_export_of_one_token_is_a_429_with_retry_after(api_client, during_a_request):
    inner = during_a_request(lambda: api_client.get(URL, {"format": "csv"}))
    assert api_client.get(URL, {"format": "xls"}).status_code == 200
    assert inner[0].status_code == 429
    assert inner[0]["Retry-After"] == "1"
    assert "concurrent heavy requests" in inner[0].json()["detail"]
    # The slot is free again once the export is done.
    assert api_client.get(URL, {"format": "csv"}).status_code == 200


@pytest.mark.parametrize("heavy", [{"page_size": 101}, {"limit": 500}, {"format": "csv"}])
def test_large_pages_count_as_heavy_and_small_pages_pass_beside_them(api_client, during_a_request, heavy):
    inner = during_a_request(lambda: [api_client.get(URL, heavy), api_client.get(URL, {"page_size": 100})])
    assert api_client.get(URL, {"format": "csv"}).status_code == 200
    assert [response.status_code for response in inner[0]] == [429, 200]


def test_all_requests_of_a_token_are_limited_too(api_client, during_a_request):
    def two_more():
        inner = during_a_request(lambda: api_client.get(URL))  # the third in flight
        return api_client.get(URL), inner

    outer = during_a_request(two_more)
    assert api_client.get(URL).status_code == 200
    second, third = outer[0]
    assert second.status_code == 200
    assert third[0].status_code == 429
    assert "concurrent requests" in third[0].json()["detail"]


def test_users_have_their_own_slots(api_client, during_a_request):
    other = client_for(UserFactory(is_staff=True))
    inner = during_a_request(lambda: other.get(URL, {"format": "csv"}))
    assert api_client.get(URL, {"format": "csv"}).status_code == 200
    assert inner[0].status_code == 200


def test_without_a_cache_requests_are_served(api_client, monkeypatch):
    def down(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr("api.ops.concurrency.count_all", down)
    monkeypatch.setattr("api.ops.concurrency.uncount", down)
    assert api_client.get(URL, {"format": "csv"}).status_code == 200


def test_the_tokens_of_one_user_share_its_slots(api_client, staff_user, during_a_request):
    second_token = client_for(staff_user)  # another token of the same user
    inner = during_a_request(lambda: second_token.get(URL, {"format": "csv"}))
    assert api_client.get(URL, {"format": "csv"}).status_code == 200
    assert inner[0].status_code == 429
    assert "for this user" in inner[0].json()["detail"]


def test_a_slot_is_held_until_the_server_has_sent_the_response(api_client, settings):
    settings.API_CONCURRENT_REQUESTS_PER_TOKEN = 1
    credentials = api_client._credentials["HTTP_AUTHORIZATION"]
    environ = RequestFactory().get(URL, HTTP_AUTHORIZATION=credentials).environ
    with as_the_test_client_serves():
        sending = WSGIHandler()(environ, lambda status, headers: None)  # served, body not yet sent
    assert api_client.get(URL).status_code == 429
    with as_the_test_client_serves():
        sending.close()  # what the server does once the body is written, or the client has gone
    assert api_client.get(URL).status_code == 200
