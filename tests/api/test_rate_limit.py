"""A user's rate limit, counted in the round trip that takes its concurrency slots, through HTTP.

The concurrency middleware counts the rate ahead for a view whose throttles include the user's
(api/ops/throttling.py, api/ops/concurrency.py); the throttle takes that count, or counts itself
when there is none. Every test runs with the counters in local memory (as without ``CACHE_URL``)
and in Redis: each has its own implementation of counting.
"""

import pytest
from rest_framework.throttling import SimpleRateThrottle

from authentication.views import ActiveUserView, LoginView
from tests.conftest import client_for
from tests.factories import UserFactory
from tests.geography.factories import CityFactory

URL = "/api/v1/oms/cities/"
LOGIN = "/api/v1/auth/login/"
WRONG_PASSWORD = {"username": "staff", "password": "wrong"}


@pytest.fixture(params=["local memory", "Redis"], autouse=True)
def counters(request, db):
    """Where the counters live; a city to list."""
    if request.param == "Redis":
        request.getfixturevalue("redis_cache")
    CityFactory()


@pytest.fixture
def rate(monkeypatch):
    """``rate(n)``: a user may make ``n`` requests a minute from now on."""

    def per_minute(requests):
        rates = {**SimpleRateThrottle.THROTTLE_RATES, "token": f"{requests}/min"}
        monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", rates)

    return per_minute


def codes(client, times, **params):
    return [client.get(URL, params).status_code for _ in range(times)]


def assert_rate_refused(response):
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 60  # the time left in the minute's window
    assert "throttled" in response.json()["detail"]


def test_each_request_counts_once_in_a_fixed_window(api_client, rate):
    rate(3)
    assert codes(api_client, 3) == [200, 200, 200]
    assert_rate_refused(api_client.get(URL))


def test_the_throttle_counts_alone_without_the_middleware(api_client, rate, settings):
    limiter = "api.ops.concurrency.ConcurrencyLimitMiddleware"
    settings.MIDDLEWARE = [name for name in settings.MIDDLEWARE if name != limiter]
    rate(3)
    assert codes(api_client, 3) == [200, 200, 200]
    assert_rate_refused(api_client.get(URL))


def test_a_request_refused_by_the_concurrency_limit_is_not_counted(
    api_client, rate, settings, during_a_request
):
    settings.API_CONCURRENT_REQUESTS_PER_TOKEN = 1
    rate(3)
    inner = during_a_request(lambda: api_client.get(URL))
    assert api_client.get(URL).status_code == 200
    assert inner[0].status_code == 429
    assert "concurrent requests" in inner[0].json()["detail"]
    assert codes(api_client, 2) == [200, 200]  # the first and these two: three counted
    assert_rate_refused(api_client.get(URL))


def test_a_request_refused_by_the_rate_holds_no_slot_afterwards(api_client, rate, settings):
    settings.API_CONCURRENT_REQUESTS_PER_TOKEN = 1
    rate(1)
    assert api_client.get(URL).status_code == 200
    assert_rate_refused(api_client.get(URL))
    rate(10)  # the same window goes on, at a higher rate: only the slot can refuse now
    assert api_client.get(URL).status_code == 200


@pytest.mark.parametrize(
    "view, method, request_elsewhere",
    [
        # Sign-in has throttles of its own (per address and username); its token is not even read.
        (LoginView, "post", lambda client: client.post(LOGIN, WRONG_PASSWORD, format="json")),
        # A view a route gives no throttles.
        (ActiveUserView, "get", lambda client: client.get("/api/unthrottled/active_user")),
    ],
    ids=["other throttles", "no throttles"],
)
def test_a_view_without_the_users_throttle_charges_nothing(
    api_client, rate, settings, during_a_request, view, method, request_elsewhere
):
    settings.ROOT_URLCONF = "tests.api.unthrottled_urls"
    rate(1)
    inner = during_a_request(lambda: api_client.get(URL), view, method)
    assert request_elsewhere(api_client).status_code in (200, 400)
    assert inner[0].status_code == 200  # the request in flight counted nothing, not even for a while
    assert_rate_refused(api_client.get(URL))


def test_a_request_refused_before_its_throttles_ran_is_not_counted(api_client, rate):
    rate(2)
    # Counted ahead, and taken back once answered.
    assert codes(api_client, 3, format="unknown") == [400, 400, 400]
    assert codes(api_client, 2) == [200, 200]
    assert_rate_refused(api_client.get(URL))


def test_users_are_counted_apart_and_their_tokens_together(api_client, staff_user, rate):
    rate(2)
    assert codes(api_client, 1) + codes(client_for(staff_user), 1) == [200, 200]
    assert_rate_refused(api_client.get(URL))
    assert codes(client_for(UserFactory(is_staff=True)), 2) == [200, 200]
