"""Throttle counters in Redis are shared by every worker process (the production setup).

Needs Redis at TEST_REDIS_URL (tests/api/conftest.py's ``redis_cache``).
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest
import redis
from django.core.handlers.wsgi import WSGIHandler
from django.test import RequestFactory

from tests.api.conftest import REDIS_URL, as_the_test_client_serves
from tests.conftest import client_for
from tests.factories import UserFactory
from tests.geography.factories import CityFactory
from tests.outages import Relay

ROOT = Path(__file__).resolve().parents[2]
URL = "/api/v1/oms/cities/"


ANOTHER_WORKER = """
import os, sys
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
import django
django.setup()
from types import SimpleNamespace
from api.ops.throttling import TokenRateThrottle
TokenRateThrottle.THROTTLE_RATES = {"token": "3/min"}
user = SimpleNamespace(pk=int(sys.argv[1]), is_authenticated=True)
request = SimpleNamespace(auth=object(), user=user)
print("allowed" if TokenRateThrottle().allow_request(request, None) else "throttled")
"""


@pytest.mark.django_db
def test_a_second_process_sees_the_same_counters(redis_cache):
    user = UserFactory()
    client = client_for(user)
    assert [client.get(URL).status_code for _ in range(3)] == [200, 200, 200]
    key = client._credentials["HTTP_AUTHORIZATION"].split()[1]
    # Counter names in Redis hold a digest of what they count (the user), never a token or a user id.
    names = redis.Redis.from_url(REDIS_URL).keys("*")
    assert any(b"throttle_token_" in name for name in names)
    assert any(b"concurrency:all:" in name for name in names)
    assert not any(key.encode() in name or f"user:{user.pk}".encode() in name for name in names)
    other = subprocess.run(
        [sys.executable, "-c", ANOTHER_WORKER, str(user.pk)],
        cwd=ROOT,
        env={**os.environ, "CACHE_URL": REDIS_URL},
        capture_output=True,
        text=True,
        check=True,
    )
    assert other.stdout.strip() == "throttled", other.stderr
    fresh = subprocess.run(
        [sys.executable, "-c", ANOTHER_WORKER, str(user.pk + 1)],
        cwd=ROOT,
        env={**os.environ, "CACHE_URL": REDIS_URL},
        capture_output=True,
        text=True,
        check=True,
    )
    assert fresh.stdout.strip() == "allowed"
    response = client.get(URL)
    assert response.status_code == 429 and int(response["Retry-After"]) > 0


@pytest.mark.django_db
def test_counting_returns_to_redis_when_it_answers_again(redis_cache, settings, api_client, caplog):
    address = redis.Redis.from_url(REDIS_URL).connection_pool.connection_kwargs
    relay = Relay(address["host"], address["port"])
    settings.CACHES = {
        "default": {
            "BACKEND": "api.ops.cache.FailSoftRedisCache",
            "LOCATION": f"redis://127.0.0.1:{relay.port}/{address.get('db', 0)}",
        }
    }
    settings.DEPENDENCY_RETRY_SECONDS = 0
    # Nothing listens yet: served, the rate (3/min) counted in local memory.
    assert [api_client.get(URL).status_code for _ in range(4)] == [200, 200, 200, 429]
    assert redis_cache.dbsize() == 0
    relay.start()
    try:
        assert api_client.get(URL).status_code == 200  # Redis's counter starts at 0
        assert redis_cache.dbsize() >= 1
        assert api_client.get("/readyz").json()["cache"] == "ok"
    finally:
        relay.stop()
        redis_cache.flushdb()
    warnings = [record.getMessage() for record in caplog.records if record.name == "api.breaker"]
    assert warnings[0].startswith("Cache (Redis) unreachable")
    assert warnings[1].startswith("Cache (Redis) reachable again after")


@pytest.mark.django_db
def test_while_redis_is_unreachable_a_release_frees_the_slot_in_local_memory(redis_cache, settings):
    address = redis.Redis.from_url(REDIS_URL).connection_pool.connection_kwargs
    relay = Relay(address["host"], address["port"])  # never started: nothing listens
    settings.CACHES = {
        "default": {
            "BACKEND": "api.ops.cache.FailSoftRedisCache",
            "LOCATION": f"redis://127.0.0.1:{relay.port}/0",
        }
    }
    settings.API_CONCURRENT_REQUESTS_PER_TOKEN = 1
    client = client_for(UserFactory())
    # One at a time (the rate is 3/min): each finds the last one's slot given back.
    assert [client.get(URL).status_code for _ in range(3)] == [200, 200, 200]


def commands(sent) -> list[list[bytes]]:
    """Each command sent to Redis, as its words (EVALSHA, the script's digest, the keys' count, ...)."""
    return [b"".join(command[0]).split(b"\r\n")[2::2] for command in sent]


@pytest.fixture
def traffic(monkeypatch):
    """The commands this process sends to Redis, and how many answers it reads (waits for)."""
    sent, read = [], []
    connection = redis.connection.AbstractConnection
    send, receive = connection.send_packed_command, connection.read_response

    def sending(self, *args, **kwargs):
        sent.append(args)
        return send(self, *args, **kwargs)

    def reading(self, *args, **kwargs):
        read.append(1)
        return receive(self, *args, **kwargs)

    monkeypatch.setattr(connection, "send_packed_command", sending)
    monkeypatch.setattr(connection, "read_response", reading)
    return sent, read


@pytest.mark.django_db
@pytest.mark.parametrize("page_size", [10, 1000])
def test_a_cursor_page_waits_for_one_cache_round_trip_and_sends_its_release_after_the_response(
    redis_cache, traffic, page_size
):
    # The concurrency slots taken and the rate counted in one script (api/ops/cache.py), a large page's
    # two slots (all requests, heavy ones) together; the slots released in another, once the response
    # has been sent, whose answer the next command reads. (A numbered page reads its cached count too.)
    client = client_for(UserFactory())
    params = {"cursor": "", "page_size": page_size}
    assert client.get(URL, params).status_code == 200  # the token remembered
    sent, read = traffic
    sent.clear(), read.clear()
    environ = (
        RequestFactory()
        .get(URL, params, HTTP_AUTHORIZATION=client._credentials["HTTP_AUTHORIZATION"])
        .environ
    )
    with as_the_test_client_serves():
        response = WSGIHandler()(environ, lambda status, headers: None)  # served, body not yet sent
        before = commands(sent)
        assert b"".join(response).startswith(b'{"')
        response.close()  # what the server does once the body is written
    assert len(before) == 1, before
    assert any(word.startswith(b":1:concurrency:all:") for word in before[0])
    assert any(b"throttle_token_" in word for word in before[0])
    assert len(sent) == 2, commands(sent)
    # The previous request's release and this one's count answered before the response; this release
    # not waited for.
    assert len(read) == 2
    assert client.get(URL, params).status_code == 200
    assert len(read) == 4  # its answer read with the next count's


@pytest.mark.django_db
def test_a_page_mode_walks_later_page_reads_its_cached_counts_in_one_round_trip(redis_cache, traffic):
    CityFactory.create_batch(3)
    client = client_for(UserFactory())
    later = client.get(URL, {"page_size": 1}).json()["next"]
    assert client.get(later).status_code == 200  # its count cached
    sent, _ = traffic
    sent.clear()
    assert client.get(later).status_code == 200
    # The slots and the rate; the walk's and the query's cached counts together; the release.
    assert [words[0] for words in commands(sent)] == [b"EVAL", b"MGET", b"EVAL"], commands(sent)


@pytest.mark.django_db
def test_a_release_counts_before_the_next_request_of_the_process(redis_cache, settings):
    # One request at a time (the user's rate is 3/min): each asks while the last one's release may not
    # have been answered yet.
    settings.API_CONCURRENT_REQUESTS_PER_TOKEN = 1
    client = client_for(UserFactory())
    assert [client.get(URL).status_code for _ in range(3)] == [200] * 3


@pytest.mark.django_db
def test_a_connection_closed_by_redis_is_replaced_without_a_fallback(redis_cache, traffic, caplog):
    client = client_for(UserFactory())
    assert client.get(URL).status_code == 200
    killed = redis_cache.client_kill_filter(_type="normal", skipme=True)  # Redis restarted, say
    assert killed >= 1
    assert [client.get(URL).status_code for _ in range(2)] == [200, 200]
    # Counted in Redis all along (3 of the user's rate of 3/min), never in local memory.
    assert client.get(URL).status_code == 429
    assert not [record for record in caplog.records if record.name == "api.breaker"]


@pytest.mark.django_db
def test_a_release_after_redis_closed_the_connection_goes_on_a_new_one(redis_cache, settings, caplog):
    settings.API_CONCURRENT_REQUESTS_PER_TOKEN = 1
    client = client_for(UserFactory())
    environ = RequestFactory().get(URL, HTTP_AUTHORIZATION=client._credentials["HTTP_AUTHORIZATION"]).environ
    with as_the_test_client_serves():
        sending = WSGIHandler()(environ, lambda status, headers: None)  # served, its slot taken
        assert redis_cache.client_kill_filter(_type="normal", skipme=True) >= 1
        sending.close()  # the release
    assert client.get(URL).status_code == 200  # the slot was given back, in Redis
    assert not [record for record in caplog.records if record.name == "api.breaker"]


@pytest.mark.django_db
def test_a_forked_worker_opens_a_connection_of_its_own(redis_cache, monkeypatch):
    from django.core.cache import caches

    client = client_for(UserFactory())
    assert client.get(URL).status_code == 200
    line = caches["default"].line
    parent = line.connection
    monkeypatch.setattr("api.ops.cache.os.getpid", lambda: line.pid + 1)  # as in a worker forked now
    assert client.get(URL).status_code == 200
    assert line.connection is not parent


@pytest.mark.django_db
def test_retry_after_is_the_time_left_in_the_window(redis_cache):
    client = client_for(UserFactory())
    assert [client.get(URL).status_code for _ in range(3)] == [200, 200, 200]
    refused = client.get(URL)
    (key,) = [name for name in redis_cache.keys("*throttle_token_*")]
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) == -(-redis_cache.pttl(key) // 1000)  # rounded up, in seconds
    redis_cache.delete(key)  # the window ends
    assert client.get(URL).status_code == 200
